/**
 * Large Float32Arrays nothing uses any more, by length, to hand out again: a fresh array of tens
 * of MB costs a page fault per 4 KB on first write, as much as computing into it. Held weakly, so
 * the garbage collector can still free them between training steps. Used by the tape for gradient
 * arrays and by activation-pool.ts for a training step's forward outputs.
 */
export class SpareArrays {
  private readonly lists = typeof WeakRef === 'function' ? new Map<number, WeakRef<Float32Array>[]>() : null;

  /** Arrays shorter than `minLength` are not kept; at most `perLength` of each length are. */
  constructor(private readonly minLength: number, private readonly perLength: number) {}

  give(a: Float32Array): void {
    if (this.lists === null || a.length < this.minLength) return;
    let list = this.lists.get(a.length);
    if (!list) this.lists.set(a.length, (list = []));
    if (list.length >= this.perLength) return;
    list.push(new WeakRef(a));
    given?.push(a);
  }

  /** A kept array of this length (contents unspecified), or undefined. */
  take(length: number): Float32Array | undefined {
    const list = this.lists?.get(length);
    while (list && list.length > 0) {
      const a = list.pop()!.deref();
      if (a) return a;
    }
    return undefined;
  }
}

/** While `recordGiven` runs: the arrays any SpareArrays kept meanwhile, else null. */
let given: Float32Array[] | null = null;

/**
 * Runs `fn`, returning its result and (strong references to) the arrays any SpareArrays kept
 * meanwhile. Spares are held weakly, and a full garbage collection after the task that gave them
 * clears them: a pool worker's training step spans several messages (tasks), between which such
 * collections ran, so the worker holds these until its next step has taken them (parallel/worker.ts).
 */
export function recordGiven<T>(fn: () => T): { result: T; given: Float32Array[] } {
  const outer = given;
  const arrays: Float32Array[] = [];
  given = arrays;
  try {
    return { result: fn(), given: arrays };
  } finally {
    given = outer;
    outer?.push(...arrays);
  }
}
