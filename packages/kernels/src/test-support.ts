/**
 * Test helpers: run one kernel suite against every kernel set, seeded random data, and
 * closeness checks. Imported only by *.test.ts files.
 */
import { describe, expect } from 'vitest';
import type { KernelSet } from './kernel-set.js';
import { initSync } from './wasm-module.js';
import { wasmKernels } from './kernels/index.js';
import { referenceKernels } from './reference/index.js';

/** Defines the same tests once per kernel set: `wasm` and `reference`. */
export function describeKernels(name: string, body: (k: KernelSet, setName: 'wasm' | 'reference') => void): void {
  initSync();
  for (const [setName, set] of [['wasm', wasmKernels], ['reference', referenceKernels]] as const) {
    describe(`${name} [${setName}]`, () => body(set, setName));
  }
}

/** Deterministic uniform floats in [lo, hi) from a 32-bit seed (mulberry32). */
export function randomFloats(n: number, seed: number, lo = -1, hi = 1): Float32Array {
  const out = new Float32Array(n);
  let s = seed >>> 0;
  for (let i = 0; i < n; i++) {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    out[i] = lo + (((t ^ (t >>> 14)) >>> 0) / 4294967296) * (hi - lo);
  }
  return out;
}

/** Asserts |a - b| <= atol + rtol * |b| element-wise, reporting the first mismatch. */
export function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, rtol = 1e-4, atol = 1e-5): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i];
    const b = expected[i];
    if (!(Math.abs(a - b) <= atol + rtol * Math.abs(b))) {
      throw new Error(`element ${i}: got ${a}, expected ${b} (rtol ${rtol}, atol ${atol})`);
    }
  }
}
