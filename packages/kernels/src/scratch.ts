/**
 * Scratch space in WASM memory for one kernel call: inputs are copied in, the kernel runs, the
 * outputs are copied out, and the space is reused by the next call. The arena only grows (to the
 * largest call seen), so the heap reaches a steady size after warm-up.
 *
 * Running out of memory gives a KernelMemoryError in both places it can happen: the arena cannot
 * be allocated (alloc_bytes returns 0), or a kernel's own buffer cannot (Rust aborts: a wasm trap).
 * After a trap the instance is replaced by a fresh one, so the next call runs on a clean heap.
 * Everything between beginCall and take is synchronous, so interleaved async callers never share
 * the arena mid-call.
 *
 * Arrays registered as resident (model weights, see resident.ts) are not copied into the arena:
 * `put` returns their persistent copy instead. Kernels therefore must never write into a buffer
 * they got from `put` unless the wrapper `take`s it back into the same array (the in-place
 * optimizer updates do), so the copy and the array stay equal, or declares the copy newer than the
 * array with `keepUpdate` (Adam's moments; see resident.ts). An output the wrapper takes whole into
 * a registered array may be written straight into that array's copy (`spaceFor`), which is then
 * current for the calls that read the array next (a training step's activations).
 */
import { afterTrap, countCopied, derivedBuffer, dropResidentCopies, noteTaken, residentBase, residentCandidate, residentOutputPointer, residentPointer, residentStats, syncResident } from './resident.js';
import { restart, wasm, type KernelExports } from './wasm-module.js';

/** Thrown when a kernel call needs more memory than WebAssembly can provide. */
export class KernelMemoryError extends RangeError {
  override name = 'KernelMemoryError';
}

const ALIGN = 16;
let base = 0;
let capacity = 0;
let used = 0;
/** Numbers kernel calls, so resident.ts can tell which copies the current call uses. */
let call = 0;

function align(bytes: number): number {
  return Math.ceil(bytes / ALIGN) * ALIGN;
}

/** Largest arena Rust's allocator accepts (a Layout is limited to isize::MAX on wasm32). */
const MAX_ARENA = 2 ** 31 - ALIGN;

/** Starts a kernel call that needs at most `bytes` of scratch space (sum of aligned buffers). */
export function beginCall(bytes: number): KernelExports {
  const w = wasm();
  if (bytes > capacity) {
    if (capacity > 0) w.free_bytes(base, capacity);
    capacity = 0;
    const want = align(Math.max(bytes, 64 * 1024));
    let ptr = want <= MAX_ARENA ? w.alloc_bytes(want) : 0;
    if (ptr === 0 && want <= MAX_ARENA && residentStats().bytes > 0) {
      lastAllocFailure(w);
      dropResidentCopies(); // resident weights are a cache: make room for the call first
      ptr = w.alloc_bytes(want);
    }
    if (ptr === 0) {
      lastAllocFailure(w); // consumed here, so a later unrelated trap is not mistaken for it
      throw outOfMemory(`a kernel call needs ${bytes} bytes of scratch space`);
    }
    base = ptr;
    capacity = want;
  }
  used = 0;
  call++;
  return guarded(w);
}

/** Forgets the arena (the instance was replaced: threads.ts); the next call allocates one in the new instance. */
export function resetArena(): void {
  base = 0;
  capacity = 0;
  used = 0;
}

function outOfMemory(what: string): KernelMemoryError {
  return new KernelMemoryError(`Out of WebAssembly memory: ${what}, more than the runtime can provide (WebAssembly memory is limited to 4 GiB, often less). Use a smaller batch, e.g. model.predict(x, { batchSize: 8 }) or fit(x, y, { batchSize: 8 }), or smaller inputs.`);
}

function lastAllocFailure(w: KernelExports): number {
  const f = w.last_alloc_failure;
  return typeof f === 'function' ? (f as () => number)() >>> 0 : 0;
}

let guardedFor: KernelExports | null = null;
let guardedExports: KernelExports | null = null;

/** The instance's exports with every function wrapped by `survive`. */
function guarded(w: KernelExports): KernelExports {
  if (guardedFor !== w) {
    const out: Record<string, unknown> = {};
    for (const [name, value] of Object.entries(w)) out[name] = typeof value === 'function' ? survive(w, name, value as (...a: number[]) => unknown) : value;
    guardedExports = out as KernelExports;
    guardedFor = w;
  }
  return guardedExports!;
}

/**
 * Wraps a kernel export: if it traps, the instance is replaced (its heap and stack are left
 * inconsistent by the trap) and an allocation failure inside the kernel becomes a
 * KernelMemoryError; any other trap is rethrown as is.
 */
function survive(w: KernelExports, name: string, fn: (...a: number[]) => unknown): (...a: number[]) => unknown {
  return (...args) => {
    try {
      return fn(...args);
    } catch (e) {
      if (!(e instanceof WebAssembly.RuntimeError)) throw e;
      const failed = lastAllocFailure(w);
      const restarted = restart();
      if (restarted) {
        base = 0;
        capacity = 0;
      }
      afterTrap(restarted);
      used = 0;
      if (failed > 0) throw outOfMemory(`kernel '${name}' could not allocate ${failed} bytes of working memory`);
      throw e;
    }
  };
}

/**
 * Bytes the buffers take in the arena: a number is an element count (4-byte elements); an array
 * given itself rather than its length counts nothing when `put` will use its resident copy.
 */
export function bytesFor(...buffers: (number | Float32Array | Int32Array)[]): number {
  let total = 0;
  for (let i = 0; i < buffers.length; i++) {
    const b = buffers[i];
    if (typeof b === 'number') total += align(b * 4);
    else if (!residentCandidate(b) || buffers.some((c, j) => j < i && typeof c !== 'number' && residentBase(c) === b)) total += align(b.length * 4); // used already (itself or a residentRange view of it): copied
  }
  return total;
}

function reserve(length: number): number {
  const ptr = base + used;
  used += align(length * 4);
  // A wrapper bug (bytesFor not covering its buffers); writing on would corrupt the heap.
  if (used > capacity) throw new Error(`Internal error in @neurite/kernels: a kernel call used ${used} bytes of scratch space but reserved ${capacity}.`);
  return ptr;
}

/** Copies `data` into the arena, or uses its resident copy; returns its byte offset. */
export function put(data: Float32Array | Int32Array): number {
  const w = wasm();
  const resident = residentPointer(w, data, call);
  if (resident !== 0) return resident;
  if (used + align(data.length * 4) > capacity && residentCandidate(data)) {
    // bytesFor left no arena space for it because it was to be resident, and that failed.
    throw outOfMemory(`${data.length * 4} bytes of weights could not be kept in memory`);
  }
  syncResident(data); // copied from the array, which must hold any updates kept in its copy
  const ptr = reserve(data.length);
  const memory = w.memory.buffer;
  if (data instanceof Float32Array) new Float32Array(memory, ptr, data.length).set(data);
  else new Int32Array(memory, ptr, data.length).set(data);
  countCopied(data.length * 4);
  return ptr;
}

/**
 * A WASM-only cache kept across calls under `anchor`, computed from the resident arrays `sources`
 * (see `derivedBuffer` in resident.ts): its byte offset and whether its contents are still valid,
 * or null when it cannot be kept (the kernel then works without it). Call after the `put`s.
 */
export function cached(anchor: object, sources: (Float32Array | Int32Array)[], bytes: number): { ptr: number; valid: boolean } | null {
  return derivedBuffer(wasm(), anchor, sources, bytes, call);
}

/** Reserves space for an output of `length` elements; returns its byte offset. */
export function space(length: number): number {
  return reserve(length);
}

/**
 * Space for an output the kernel writes whole and the call then `take`s into `out`: `out`'s
 * resident copy when it is registered (a later call reading `out` then finds it there), else
 * arena space (count `out.length` in `bytesFor`).
 */
export function spaceFor(out: Float32Array | Int32Array): number {
  const ptr = residentOutputPointer(wasm(), out, call);
  return ptr !== 0 ? ptr : reserve(out.length);
}

/** Copies `out.length` elements at `ptr` back into `out`. */
export function take(ptr: number, out: Float32Array | Int32Array): void {
  noteTaken(out, ptr);
  const memory = wasm().memory.buffer;
  if (out instanceof Float32Array) out.set(new Float32Array(memory, ptr, out.length));
  else out.set(new Int32Array(memory, ptr, out.length));
}

/** Current size of the WASM linear memory in bytes (for memory-growth tests). */
export function heapBytes(): number {
  return wasm().memory.buffer.byteLength;
}
