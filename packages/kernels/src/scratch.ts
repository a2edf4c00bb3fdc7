/**
 * Scratch space in WASM memory for one kernel call: inputs are copied in, the kernel runs, the
 * outputs are copied out, and the space is reused by the next call. The arena only grows (to the
 * largest call seen), so the heap reaches a steady size after warm-up.
 */
import { wasm, type KernelExports } from './wasm-module.js';

/** Thrown when a kernel call needs more memory than WebAssembly can provide. */
export class KernelMemoryError extends RangeError {
  override name = 'KernelMemoryError';
}

const ALIGN = 16;
let base = 0;
let capacity = 0;
let used = 0;

function align(bytes: number): number {
  return Math.ceil(bytes / ALIGN) * ALIGN;
}

/** Starts a kernel call that needs at most `bytes` of scratch space (sum of aligned buffers). */
export function beginCall(bytes: number): KernelExports {
  const w = wasm();
  if (bytes > capacity) {
    if (capacity > 0) w.free_bytes(base, capacity);
    capacity = 0;
    const want = align(Math.max(bytes, 64 * 1024));
    const ptr = want < 2 ** 31 ? w.alloc_bytes(want) : 0;
    if (ptr === 0) {
      throw new KernelMemoryError(`A kernel call needs ${bytes} bytes of WebAssembly memory, more than the runtime can provide; use a smaller batch.`);
    }
    base = ptr;
    capacity = want;
  }
  used = 0;
  return w;
}

/** Bytes a buffer of `length` 4-byte elements takes in the arena. */
export function bytesFor(...lengths: number[]): number {
  let total = 0;
  for (const n of lengths) total += align(n * 4);
  return total;
}

function reserve(length: number): number {
  const ptr = base + used;
  used += align(length * 4);
  return ptr;
}

/** Copies `data` into the arena; returns its byte offset. */
export function put(data: Float32Array | Int32Array): number {
  const ptr = reserve(data.length);
  const memory = wasm().memory.buffer;
  if (data instanceof Float32Array) new Float32Array(memory, ptr, data.length).set(data);
  else new Int32Array(memory, ptr, data.length).set(data);
  return ptr;
}

/** Reserves space for an output of `length` elements; returns its byte offset. */
export function space(length: number): number {
  return reserve(length);
}

/** Copies `out.length` elements at `ptr` back into `out`. */
export function take(ptr: number, out: Float32Array | Int32Array): void {
  const memory = wasm().memory.buffer;
  if (out instanceof Float32Array) out.set(new Float32Array(memory, ptr, out.length));
  else out.set(new Int32Array(memory, ptr, out.length));
}

/** Current size of the WASM linear memory in bytes (for memory-growth tests). */
export function heapBytes(): number {
  return wasm().memory.buffer.byteLength;
}
