import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { wasmKernels as k } from './kernels/index.js';
import { referenceKernels as ref } from './reference/index.js';
import { Activation } from './kernel-set.js';
import { KernelMemoryError, beginCall, heapBytes } from './scratch.js';
import { invalidateResident, isResident, markResident, releaseResident, residentStats, setResidentLimit, setResidentVerification, syncResident } from './resident.js';
import { initSync, wasm } from './wasm-module.js';
import { expectClose, randomFloats } from './test-support.js';

const DEFAULT_LIMIT = residentStats().limit;
const ROWS = 3;
const IN = 37; // not a multiple of 4: SIMD tails
const OUT = 11;

/** dense(x, kernel, bias) on the WASM kernels. */
function dense(x: Float32Array, kernel: Float32Array, bias: Float32Array | null): Float32Array {
  const out = new Float32Array(ROWS * OUT);
  k.dense(x, kernel, bias, out, ROWS, IN, OUT, Activation.Relu);
  return out;
}

/** The same call on fresh copies of every argument: never resident, so never stale. */
function denseFresh(x: Float32Array, kernel: Float32Array, bias: Float32Array | null): Float32Array {
  return dense(x.slice(), kernel.slice(), bias ? bias.slice() : null);
}

function copied(): number {
  return residentStats().copiedBytes;
}

function residentWeights(seed: number): { kernel: Float32Array; bias: Float32Array } {
  const kernel = randomFloats(IN * OUT, seed);
  const bias = randomFloats(OUT, seed + 1);
  markResident(kernel);
  markResident(bias);
  return { kernel, bias };
}

beforeAll(() => initSync());
afterEach(() => {
  setResidentLimit(DEFAULT_LIMIT);
  setResidentVerification(false);
});

describe('resident arrays: no copies of unchanged weights', () => {
  it('copies a resident kernel in once; later calls copy only the input', () => {
    const x = randomFloats(ROWS * IN, 1);
    const { kernel, bias } = residentWeights(2);
    const first = copied();
    const y1 = dense(x, kernel, bias);
    expect(copied() - first).toBe((x.length + kernel.length + bias.length) * 4);
    for (let i = 0; i < 5; i++) {
      const before = copied();
      expect(dense(x, kernel, bias)).toEqual(y1);
      expect(copied() - before).toBe(x.length * 4); // would include the weights if they were copied
    }
    expect(y1).toEqual(denseFresh(x, kernel, bias));
    const expected = new Float32Array(ROWS * OUT);
    ref.dense(x, kernel, bias, expected, ROWS, IN, OUT, Activation.Relu);
    expectClose(y1, expected);
  });

  it('a non-resident array is copied on every call', () => {
    const x = randomFloats(ROWS * IN, 3);
    const kernel = randomFloats(IN * OUT, 4);
    dense(x, kernel, null);
    const before = copied();
    dense(x, kernel, null);
    expect(copied() - before).toBe((x.length + kernel.length) * 4);
    expect(isResident(kernel)).toBe(false);
  });
});

describe('resident arrays: never stale', () => {
  it('after invalidateResident the next call sees the new values, copied in once', () => {
    const x = randomFloats(ROWS * IN, 5);
    const { kernel, bias } = residentWeights(6);
    dense(x, kernel, bias);
    kernel.set(randomFloats(kernel.length, 7));
    bias[3] = 5;
    invalidateResident(kernel);
    invalidateResident(bias);
    const before = copied();
    const y = dense(x, kernel, bias);
    expect(copied() - before).toBe((x.length + kernel.length + bias.length) * 4);
    expect(y).toEqual(denseFresh(x, kernel, bias));
    const again = copied();
    expect(dense(x, kernel, bias)).toEqual(y);
    expect(copied() - again).toBe(x.length * 4);
  });

  it('an in-place optimizer update keeps the copy and the array equal, without copying the weight in', () => {
    setResidentVerification(true); // any stale use below throws
    const x = randomFloats(ROWS * IN, 8);
    const { kernel, bias } = residentWeights(9);
    dense(x, kernel, bias);
    const grad = randomFloats(kernel.length, 10);
    const m = new Float32Array(kernel.length);
    const v = new Float32Array(kernel.length);
    const expected = kernel.slice();
    ref.adamUpdate(expected, grad, m.slice(), v.slice(), 0.01, 0.9, 0.999, 1e-7, 1, 0);
    const before = copied();
    k.adamUpdate(kernel, grad, m, v, 0.01, 0.9, 0.999, 1e-7, 1, 0);
    expect(copied() - before).toBe((grad.length + m.length + v.length) * 4); // not the weight itself
    expectClose(kernel, expected, 1e-6, 1e-7);
    const y = dense(x, kernel, bias);
    expect(y).toEqual(denseFresh(x, kernel, bias));
  });

  it('Adam keeps resident moments\' update in WASM memory until syncResident, or until the copy is dropped (released, evicted, a trap)', () => {
    const n = 1001;
    const step = (p: Float32Array, m: Float32Array, v: Float32Array, t: number) => k.adamUpdate(p, randomFloats(n, 40 + t), m, v, 0.01, 0.9, 0.999, 1e-7, t, 0);
    const expected = { p: randomFloats(n, 30), m: new Float32Array(n), v: new Float32Array(n) };
    for (let t = 1; t <= 3; t++) step(expected.p, expected.m, expected.v, t); // not resident: copied out each time
    const run = () => {
      const state = { p: randomFloats(n, 30), m: new Float32Array(n), v: new Float32Array(n) };
      Object.values(state).forEach(markResident);
      for (let t = 1; t <= 3; t++) step(state.p, state.m, state.v, t);
      return state;
    };
    const kept = run();
    expect(kept.p).toEqual(expected.p); // the weight is copied out as ever
    expect(kept.m.every((x) => x === 0)).toBe(true); // the moments are not, yet
    syncResident(kept.m);
    syncResident(kept.v);
    expect([kept.m, kept.v]).toEqual([expected.m, expected.v]);

    const released = run();
    releaseResident(released.m);
    setResidentLimit(0); // evicts v
    expect([released.m, released.v]).toEqual([expected.m, expected.v]);
    setResidentLimit(DEFAULT_LIMIT);

    const trapped = run();
    const relu = beginCall(0).relu as (x: number, out: number, n: number) => void;
    expect(() => relu(wasm().memory.buffer.byteLength - 16, 0, 1024)).toThrow(WebAssembly.RuntimeError);
    expect([trapped.m, trapped.v]).toEqual([expected.m, expected.v]);
    step(trapped.p, trapped.m, trapped.v, 4); // copied in again from the arrays, now current
    step(expected.p, expected.m, expected.v, 4);
    syncResident(trapped.m);
    expect(trapped.m).toEqual(expected.m);
  });

  it('an in-place update whose gradient is the weight itself reads unaliased values', () => {
    const p = randomFloats(19, 11);
    markResident(p);
    k.sgdUpdate(p, new Float32Array(19), new Float32Array(19), 0.1, 0, false); // makes p resident
    const q = p.slice();
    k.sgdUpdate(p, p, new Float32Array(19), 0.1, 0.9, true);
    k.sgdUpdate(q, q.slice(), new Float32Array(19), 0.1, 0.9, true);
    expect(p).toEqual(q);
    // Used twice in one call, the second argument is a copy of its own in the arena.
    const before = copied();
    k.sgdUpdate(p, p, new Float32Array(19), 0, 0, false);
    expect(copied() - before).toBe(2 * 19 * 4); // the gradient and the velocity, not the weight
    const x = randomFloats(19, 12);
    const out = new Float32Array(1);
    k.matmul(x, p, out, 1, 1, 19, 1, false, false);
    const fresh = new Float32Array(1);
    k.matmul(x, q, fresh, 1, 1, 19, 1, false, false);
    expect(out).toEqual(fresh);
  });

  it('a kernel output taken into a resident array marks its copy stale', () => {
    const x = randomFloats(ROWS * IN, 13);
    const { kernel, bias } = residentWeights(14);
    dense(x, kernel, bias);
    k.relu(randomFloats(kernel.length, 15), kernel); // writes the array from the arena
    expect(dense(x, kernel, bias)).toEqual(denseFresh(x, kernel, bias));
    k.relu(kernel, kernel); // reads the resident copy, writes the array
    expect(dense(x, kernel, bias)).toEqual(denseFresh(x, kernel, bias));
  });

  it('an output a kernel writes into a resident array\'s own copy (spaceFor) is read by later calls without copying it in', () => {
    setResidentVerification(true); // a stale copy would throw instead of giving wrong answers
    const vocab = 50;
    const table = randomFloats(vocab * IN, 18);
    const ids = Int32Array.from({ length: ROWS }, (_, i) => (i * 7) % vocab);
    markResident(table);
    const x = new Float32Array(ROWS * IN); // the embedding's output, a dense layer's input
    markResident(x);
    const { kernel, bias } = residentWeights(19);
    dense(randomFloats(ROWS * IN, 20), kernel, bias); // the weights' copies made
    k.embedding(table, ids, x, ROWS, IN, vocab);
    const before = copied();
    const out = dense(x, kernel, bias);
    expect(copied() - before).toBe(0); // x, kernel and bias all from their copies
    expect(out).toEqual(denseFresh(x, kernel, bias));
    // Written again by a kernel: still current. Written in JS and declared: copied in once more.
    k.embedding(table, Int32Array.from(ids, (id) => (id + 1) % vocab), x, ROWS, IN, vocab);
    expect(dense(x, kernel, bias)).toEqual(denseFresh(x, kernel, bias));
    x[5] = 2;
    invalidateResident(x);
    const again = copied();
    const changed = dense(x, kernel, bias);
    expect(copied() - again).toBe(x.length * 4);
    expect(changed).toEqual(denseFresh(x, kernel, bias));
  });

  it('verification catches an in-place write that was not declared', () => {
    setResidentVerification(true);
    const x = randomFloats(ROWS * IN, 16);
    const { kernel, bias } = residentWeights(17);
    dense(x, kernel, bias);
    kernel[40] += 1;
    expect(() => dense(x, kernel, bias)).toThrow(/Stale resident copy: element 40/);
    invalidateResident(kernel);
    expect(dense(x, kernel, bias)).toEqual(denseFresh(x, kernel, bias));
  });

  it('after the instance is replaced (a trap), resident weights are copied in again and results are right', () => {
    const x = randomFloats(ROWS * IN, 18);
    const { kernel, bias } = residentWeights(19);
    const y = dense(x, kernel, bias);
    expect(residentStats().arrays).toBeGreaterThanOrEqual(2);
    const oldMemory = wasm().memory;
    const relu = beginCall(0).relu as (x: number, out: number, n: number) => void;
    expect(() => relu(oldMemory.buffer.byteLength - 16, 0, 1024)).toThrow(WebAssembly.RuntimeError);
    expect(wasm().memory).not.toBe(oldMemory);
    expect(residentStats().arrays).toBe(0);
    const before = copied();
    expect(dense(x, kernel, bias)).toEqual(y);
    expect(copied() - before).toBe((x.length + kernel.length + bias.length) * 4);
  });
});

describe('resident arrays: memory is returned', () => {
  const MB = 2 ** 20;

  it('releaseResident frees the copy, and the space is reused', () => {
    const n = (4 * MB) / 4;
    const out = new Float32Array(n);
    const useOnce = (): Float32Array => {
      const w = new Float32Array(n).fill(0.5);
      markResident(w);
      k.relu(w, out);
      return w;
    };
    const start = residentStats().bytes;
    const w0 = useOnce();
    expect(residentStats().bytes - start).toBe(4 * MB);
    releaseResident(w0);
    expect(residentStats().bytes).toBe(start);
    expect(isResident(w0)).toBe(false);
    const heap = heapBytes();
    for (let i = 0; i < 20; i++) releaseResident(useOnce()); // 80 MiB in all, 4 MiB at a time
    expect(heapBytes()).toBe(heap);
    expect(residentStats().bytes).toBe(start);
  });

  it('stays under the limit by dropping least recently used copies, which come back on use', () => {
    setResidentLimit(10 * MB);
    const arrays = Array.from({ length: 8 }, (_, i) => {
      const a = randomFloats(MB / 4, 30 + i); // 1 MiB each
      markResident(a);
      return a;
    });
    const out = new Float32Array(MB / 4);
    for (let round = 0; round < 3; round++) {
      for (const a of arrays) {
        k.relu(a, out);
        expect(residentStats().bytes).toBeLessThanOrEqual(10 * MB);
      }
    }
    setResidentLimit(3 * MB); // shrinking frees at once
    expect(residentStats().bytes).toBeLessThanOrEqual(3 * MB);
    const last = arrays[7];
    const before = copied();
    k.relu(last, out); // most recently used: still resident
    expect(copied() - before).toBe(0);
    const first = arrays[0];
    k.relu(first, out); // was dropped: copied in again, still correct
    expect(copied() - before).toBe(MB);
    const expected = new Float32Array(out.length);
    ref.relu(first, expected);
    expect(firstDifference(out, expected)).toBe(-1); // toEqual is slow on millions of elements
    setResidentLimit(0); // off: every copy freed, arrays copied per call
    expect(residentStats().bytes).toBe(0);
    const off = copied();
    k.relu(last, out);
    k.relu(last, out);
    expect(copied() - off).toBe(2 * MB);
  });

  it('frees the copy of an array the garbage collector reclaimed', async () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const start = residentStats().bytes;
    (() => {
      const w = randomFloats(MB / 4, 40);
      markResident(w);
      k.relu(w, new Float32Array(w.length));
    })();
    expect(residentStats().bytes - start).toBe(MB);
    for (let i = 0; i < 50 && residentStats().bytes > start; i++) {
      gc();
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(residentStats().bytes).toBe(start);
  });
});

describe('resident arrays: out of memory', () => {
  it('frees resident copies when the scratch arena cannot grow otherwise', () => {
    const kernel = randomFloats(2 ** 23, 60); // 32 MiB of weights, as a 4096×2048 kernel
    markResident(kernel);
    const x = randomFloats(4096, 61);
    k.dense(x, kernel, null, new Float32Array(2048), 1, 4096, 2048, Activation.Linear);
    expect(residentStats().bytes).toBeGreaterThanOrEqual(32 * 2 ** 20);
    exhaustMemory();
    // relu on 12 MiB needs a 24 MiB arena: only the resident copy's space can hold it.
    const big = randomFloats(3 * 2 ** 20, 62);
    const out = new Float32Array(big.length);
    k.relu(big, out);
    const expected = new Float32Array(big.length);
    ref.relu(big, expected);
    expect(firstDifference(out, expected)).toBe(-1); // toEqual is slow on millions of elements
    expect(residentStats().bytes).toBe(0);
  });

  it('gives KernelMemoryError when weights cannot be kept resident; weights resident before still work', () => {
    const x = randomFloats(ROWS * IN, 50);
    const { kernel, bias } = residentWeights(51);
    const expected = dense(x, kernel, bias);
    // A full heap, then a 64 MiB resident kernel: no arena space was reserved for it, and it
    // cannot be allocated.
    exhaustMemory();
    const big = new Float32Array(2 ** 24); // 64 MiB, as a 4096×4096 kernel
    markResident(big);
    const call = (): void => k.dense(new Float32Array(4096), big, null, new Float32Array(4096), 1, 4096, 4096, Activation.Linear);
    expect(call).toThrow(KernelMemoryError);
    expect(call).toThrow(/67108864 bytes of weights could not be kept in memory/);
    // Weights that were resident before are still right (copied in again if they were dropped).
    expect(dense(x, kernel, bias)).toEqual(expected);
  });
});

/** Fills the heap: grows memory from JS, which Rust's allocator cannot use (see scratch.test.ts). */
function exhaustMemory(): void {
  const memory = wasm().memory;
  for (let pages = 65536 - memory.buffer.byteLength / 65536; pages >= 1; pages = Math.floor(pages / 2)) {
    try {
      while (memory.grow(pages) >= 0);
    } catch {
      // this step no longer fits; try a smaller one
    }
  }
}

/** Index of the first element that differs (bit for bit, NaN equal to NaN), or -1. */
function firstDifference(a: Float32Array, b: Float32Array): number {
  if (a.length !== b.length) return Math.min(a.length, b.length);
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return i;
  return -1;
}
