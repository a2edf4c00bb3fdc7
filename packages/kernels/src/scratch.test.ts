import { describe, it, expect, beforeAll } from 'vitest';
import { wasmKernels } from './kernels/index.js';
import { referenceKernels } from './reference/index.js';
import { Activation } from './kernel-set.js';
import { KernelMemoryError, beginCall, heapBytes } from './scratch.js';
import { initSync, wasm } from './wasm-module.js';
import { randomFloats } from './test-support.js';

const PAGE = 65536;
const k = wasmKernels;
const ref = referenceKernels;

/** A small dense call; its result must not change across memory errors. */
function smallDense(): Float32Array {
  const out = new Float32Array(3 * 5);
  k.dense(randomFloats(3 * 7, 1), randomFloats(7 * 5, 2), randomFloats(5, 3), out, 3, 7, 5, Activation.Relu);
  return out;
}

/**
 * Grows the instance's memory from JS as far as the runtime allows (4 GiB for wasm32). The pages
 * are never touched, so this costs address space, not RAM. Rust's allocator cannot grow into them
 * (it only uses what its own memory.grow calls return), so its next growth fails: the heap is full.
 */
function exhaustMemory(): void {
  const memory = wasm().memory;
  for (let pages = 65536 - memory.buffer.byteLength / PAGE; pages >= 1; pages = Math.floor(pages / 2)) {
    try {
      while (memory.grow(pages) >= 0);
    } catch {
      // this step no longer fits; try a smaller one
    }
  }
}

describe('scratch arena: out of WebAssembly memory', () => {
  let before: Float32Array;
  beforeAll(() => {
    initSync();
    before = smallDense();
  });

  it('rethrows a trap that is not an allocation failure unchanged, and replaces the instance', () => {
    const w = beginCall(0);
    const oldMemory = wasm().memory;
    expect(oldMemory.buffer.byteLength).toBeLessThan(2 ** 31); // so the address below is past the end
    // relu reading past the end of linear memory: a genuine bug, so not a KernelMemoryError.
    const relu = w.relu as (x: number, out: number, n: number) => void;
    expect(() => relu(oldMemory.buffer.byteLength - 16, 0, 1024)).toThrow(WebAssembly.RuntimeError);
    expect(wasm().memory).not.toBe(oldMemory);
    expect(smallDense()).toEqual(before);
  });

  it('refuses a call needing more than wasm32 can address with KernelMemoryError, before touching the heap', () => {
    const heap = heapBytes();
    // out is 2^29 floats = 2 GiB (never written, so it costs no RAM): beyond what Rust can allocate.
    const m = 2 ** 15;
    const n = 2 ** 14;
    const out = new Float32Array(m * n);
    expect(() => k.matmul(new Float32Array(m), new Float32Array(n), out, 1, m, 1, n, false, false)).toThrow(KernelMemoryError);
    expect(() => k.matmul(new Float32Array(m), new Float32Array(n), out, 1, m, 1, n, false, false)).toThrow(/Out of WebAssembly memory.*smaller batch/);
    expect(heapBytes()).toBe(heap);
    expect(smallDense()).toEqual(before);
  });

  it('turns a failed allocation inside a kernel (a Rust abort, i.e. a wasm trap) into KernelMemoryError and recovers', () => {
    // Make the arena large with a kernel that allocates nothing itself, then fill the heap.
    k.relu(new Float32Array(2 ** 20), new Float32Array(2 ** 20));
    exhaustMemory();
    expect(heapBytes()).toBeGreaterThan(2 ** 31);
    // dense 64×1024×1024: its 4.5 MiB of arguments fit the existing arena, but GEMM packs the
    // 4 MiB weight matrix into a buffer of its own, which no longer fits.
    const rows = 64;
    const x = randomFloats(rows * 1024, 4);
    const w = randomFloats(1024 * 1024, 5);
    const out = new Float32Array(rows * 1024);
    let error: unknown;
    try {
      k.dense(x, w, null, out, rows, 1024, 1024, Activation.Linear);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(KernelMemoryError);
    expect(String(error)).toMatch(/kernel 'dense' could not allocate \d+ bytes/);
    // A fresh instance replaced the exhausted one: small heap, same results, and the call that
    // failed now succeeds and matches the reference kernel.
    expect(heapBytes()).toBeLessThan(64 * 2 ** 20);
    expect(smallDense()).toEqual(before);
    k.dense(x, w, null, out, rows, 1024, 1024, Activation.Linear);
    const expected = new Float32Array(rows * 1024);
    ref.dense(x, w, null, expected, rows, 1024, 1024, Activation.Linear);
    let worst = 0;
    for (let i = 0; i < expected.length; i++) worst = Math.max(worst, Math.abs(out[i] - expected[i]));
    expect(worst).toBeLessThan(1e-3);
  });

  it('when the arena itself cannot grow, raises KernelMemoryError and the next call works', () => {
    exhaustMemory();
    const rows = 2 ** 21; // 8 MiB of x and of out: more than the heap has left
    expect(() => k.relu(new Float32Array(rows), new Float32Array(rows))).toThrow(KernelMemoryError);
    expect(smallDense()).toEqual(before);
  });

});

describe('scratch arena: steady size', () => {
  it('stops growing after warm-up over 1,000 mixed kernel calls', () => {
    initSync();
    const conv = { batch: 2, inH: 9, inW: 9, inC: 3, outH: 9, outW: 9, outC: 5, filterH: 3, filterW: 3, strideH: 1, strideW: 1, dilationH: 1, dilationW: 1, padTop: 1, padLeft: 1 };
    const x = randomFloats(2 * 9 * 9 * 3, 6);
    const f = randomFloats(3 * 3 * 3 * 5, 7);
    const y = new Float32Array(2 * 9 * 9 * 5);
    const dx = new Float32Array(x.length);
    const df = new Float32Array(f.length);
    const step = (): void => {
      k.conv2d(x, f, null, y, conv, Activation.Relu);
      k.conv2dBackpropInput(y, f, dx, conv);
      k.conv2dBackpropFilter(x, y, df, conv);
      smallDense();
    };
    for (let i = 0; i < 10; i++) step();
    const heap = heapBytes();
    for (let i = 0; i < 250; i++) step();
    expect(heapBytes()).toBe(heap);
  });
});
