/**
 * The shards' gradients summed into the full batch's: Σ_r shares[r]·grads[r] per weight, in shard
 * order, written into the first shard's arrays. A weight is summed as soon as every shard's
 * gradient of it has arrived (workers post the last layers' gradients while they compute the first
 * layers'), so most of the sum overlaps the workers' backward pass. The pass that completes a sum
 * also tells whether it holds a NaN or ±Infinity, sparing fit's check a second read of every value.
 */
export class GradientSum {
  /** [shard][weight]: the arrays received so far. */
  private readonly arrived: (Float32Array | undefined)[][];
  /** [shard][weight]: the rows a shard's gradient touched (touched-rows.ts), when it said. */
  private readonly rows: (TouchedRows | undefined)[][];
  /** Per weight: the float64 sum of its summed values once summed (finite exactly when every value is). */
  private readonly totals: (number | undefined)[];

  constructor(private readonly shares: readonly number[], private readonly weights: number) {
    this.arrived = shares.map(() => new Array<Float32Array | undefined>(weights));
    this.rows = shares.map(() => new Array<TouchedRows | undefined>(weights));
    this.totals = new Array<number | undefined>(weights);
  }

  /** Shard r's gradient of weight k (each given once), with the rows it touched if known (the others hold +0). */
  add(r: number, k: number, grad: Float32Array, rows?: TouchedRows): void {
    this.arrived[r][k] = grad;
    this.rows[r][k] = rows;
    if (this.shares.length > 1 && this.arrived.every((shard) => shard[k] !== undefined)) this.sum(k);
  }

  /** Shard r's arrays (after `finish`, the sums for r = 0; the rest are spent and may be reused). */
  arrays(r: number): Float32Array[] {
    return this.arrived[r] as Float32Array[];
  }

  /**
   * The summed gradients (every shard must have given every weight) and the index of the first
   * weight whose sum is not finite (-1: none); undefined with one shard, whose gradients are
   * passed on unchecked.
   */
  finish(): { sums: Float32Array[]; firstNonFinite: number | undefined } {
    for (let k = 0; k < this.weights; k++) {
      if (this.arrived.some((shard) => shard[k] === undefined)) throw new Error(`Internal: no gradient of weight ${k} from every worker.`);
      if (this.shares.length > 1 && this.totals[k] === undefined) this.sum(k);
    }
    const sums = this.arrays(0);
    if (this.shares.length === 1) return { sums, firstNonFinite: undefined }; // one shard: its share is 1
    const bad = this.totals.findIndex((t) => !Number.isFinite(t));
    return { sums, firstNonFinite: bad };
  }

  /** One pass per shard after the first, which the weighting rides along with (the loop is memory-bound). */
  private sum(k: number): void {
    const grads = this.arrived.map((shard) => shard[k]!);
    const rows = this.rows.map((shard) => shard[k]);
    const width = rows[0]?.width;
    const sparse = width !== undefined && rows.every((t) => t !== undefined && t.width === width);
    this.totals[k] = sparse ? sumShards(grads, this.shares, runsOf(rows as TouchedRows[], grads[0].length / width)) : sumShards(grads, this.shares);
  }
}

/** The rows a shard's gradient touched, ascending, of `width` values each. */
export interface TouchedRows {
  ids: Int32Array;
  width: number;
}

/** Element ranges [start, end) covering every row some shard touched (adjacent rows merged), ascending. */
function runsOf(rows: readonly TouchedRows[], count: number): Int32Array {
  const mark = new Uint8Array(count);
  for (const { ids } of rows) for (let i = 0; i < ids.length; i++) mark[ids[i]] = 1;
  const width = rows[0].width;
  const runs: number[] = [];
  for (let row = 0; row < count; row++) {
    if (mark[row] === 0) continue;
    const start = row;
    while (row + 1 < count && mark[row + 1] === 1) row++;
    runs.push(start * width, (row + 1) * width);
  }
  return Int32Array.from(runs);
}

/**
 * Σ_r shares[r]·grads[r] (two or more shards) written into grads[0], in shard order; returns the
 * float64 sum of the result, finite exactly when every value is. The pool's one summation, used
 * by GradientSum and by the workers' sharded update alike. With `runs` (element ranges, start and
 * end pairs), only those elements are summed: the others must be +0 in every shard, where the
 * full sum would write +0 (+0·a + +0·b = +0), so the result is the same bit for bit.
 */
export function sumShards(grads: readonly Float32Array[], shares: readonly number[], runs?: Int32Array): number {
  const s = grads[0];
  let total = 0;
  for (let r = 1; r < shares.length; r++) {
    const a = r === 1 ? shares[0] : 1;
    if (runs === undefined) {
      total = scaledAdd(s, a, grads[r], shares[r], 0, s.length);
      continue;
    }
    total = 0;
    for (let i = 0; i < runs.length; i += 2) total += scaledAdd(s, a, grads[r], shares[r], runs[i], runs[i + 1]);
  }
  return total;
}

/**
 * s ← a·s + b·g over elements [start, end); returns the float64 sum of those new values, finite
 * exactly when every one is (a float64 sum of float32 values cannot overflow; NaN and ±Infinity
 * propagate). A plain function of its arguments: V8 compiles it much tighter than a closure.
 */
function scaledAdd(s: Float32Array, a: number, g: Float32Array, b: number, start: number, end: number): number {
  let total = 0;
  for (let j = start; j < end; j++) {
    const v = Math.fround(s[j] * a + g[j] * b);
    s[j] = v;
    total += v;
  }
  return total;
}
