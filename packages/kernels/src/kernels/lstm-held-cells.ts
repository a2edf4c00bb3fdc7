/**
 * The WASM kernels' LstmCells: c and gates stay in WASM memory from lstmForward to lstmBackward,
 * in an allocation of their own (the call's arena is reused by the next call), so they are never
 * copied out and back in. lstmBackward frees them when it is done; the garbage collector frees
 * cells whose backward pass never ran. When the allocation is gone by the backward pass (the
 * kernels' instance was replaced: after a trap, or by enableThreads()), or already freed (a second
 * backward pass), `lstmBackward` has them recomputed from the forward pass's inputs.
 * Live cells are capped at HELD_LIMIT bytes in all; beyond it lstmForward copies them out instead.
 */
import type { LstmCells } from '../kernel-set.js';
import { wasm, type KernelExports } from '../wasm-module.js';

/** Bytes all live held cells may take (two training steps of a large LSTM; past it they are copied out). */
const HELD_LIMIT = 256 * 2 ** 20;
let heldBytes = 0;

interface Allocation {
  ptr: number;
  bytes: number;
  owner: KernelExports | null;
}

const registry = typeof FinalizationRegistry === 'function' ? new FinalizationRegistry<Allocation>(free) : null;

function free(a: Allocation): void {
  if (a.owner === null) return;
  // A replaced instance's memory is not touched again (its helper thread may have died holding
  // the allocator's lock): the allocation went with it.
  if (a.owner === wasm()) a.owner.free_bytes(a.ptr, a.bytes);
  heldBytes -= a.bytes;
  a.owner = null;
}

/** The arrays lstmForward read, so the cells can be computed again. */
export interface LstmInputs {
  x: Float32Array;
  kernel: Float32Array;
  recurrentKernel: Float32Array;
  bias: Float32Array;
}

export class HeldCells implements LstmCells {
  private readonly at: Allocation;

  private constructor(
    at: Allocation,
    readonly batch: number,
    readonly steps: number,
    readonly units: number,
    readonly inputs: LstmInputs,
  ) {
    this.at = at;
    registry?.register(this, at, at);
  }

  /** Cells allocated in the current instance, or null when memory is short or over the limit. */
  static allocate(batch: number, steps: number, units: number, inputs: LstmInputs): HeldCells | null {
    const bytes = 5 * batch * steps * units * 4;
    if (heldBytes + bytes > HELD_LIMIT) return null;
    const w = wasm();
    const ptr = w.alloc_bytes(Math.max(bytes, 16));
    if (ptr === 0) {
      (w.last_alloc_failure as (() => number) | undefined)?.(); // consumed: not mistaken for a later trap's cause
      return null;
    }
    heldBytes += bytes;
    return new HeldCells({ ptr, bytes, owner: w }, batch, steps, units, inputs);
  }

  /** Byte offset of c [batch,steps,u] in WASM memory. */
  get c(): number {
    return this.at.ptr;
  }

  /** Byte offset of the gates [batch,steps,4u]. */
  get gates(): number {
    return this.at.ptr + this.batch * this.steps * this.units * 4;
  }

  /** Whether the cells are still in the current instance's memory. */
  live(): boolean {
    return this.at.owner !== null && this.at.owner === wasm();
  }

  /** Frees the allocation (the cells are then recomputed if needed again). */
  release(): void {
    registry?.unregister(this.at);
    free(this.at);
  }

  read(): { c: Float32Array; gates: Float32Array } {
    if (!this.live()) throw new Error('These LSTM cells are no longer in WASM memory (freed by lstmBackward, or the kernels\' instance was replaced); run lstmForward again.');
    const n = this.batch * this.steps * this.units;
    const memory = this.at.owner!.memory.buffer;
    return { c: new Float32Array(memory, this.c, n).slice(), gates: new Float32Array(memory, this.gates, 4 * n).slice() };
  }
}
