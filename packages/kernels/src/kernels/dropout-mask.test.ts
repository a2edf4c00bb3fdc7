import { it, expect, describe } from 'vitest';
import { describeKernels } from '../test-support.js';
import { KernelArgumentError } from '../check.js';
import { wasmKernels } from './index.js';
import { referenceKernels } from '../reference/index.js';

describeKernels('dropoutMask', (k) => {
  it('drops a fraction ≈ rate of 100k elements and scales the rest by 1/(1-rate)', () => {
    for (const rate of [0.1, 0.5, 0.8]) {
      const mask = new Float32Array(100_000);
      k.dropoutMask(mask, rate, 1234);
      const scale = Math.fround(1 / (1 - rate));
      let dropped = 0;
      let wrongScale = 0;
      for (const m of mask) {
        if (m === 0) dropped++;
        else if (m !== scale) wrongScale++;
      }
      expect(wrongScale).toBe(0);
      // binomial standard deviation is ≤ 0.0016 here; 0.01 is > 6 sigma
      expect(Math.abs(dropped / mask.length - rate)).toBeLessThan(0.01);
    }
  });

  it('rate 0 keeps everything with scale 1', () => {
    const mask = new Float32Array(1001).fill(7);
    k.dropoutMask(mask, 0, 5);
    expect(mask.every((m) => m === 1)).toBe(true);
  });

  it('is deterministic per seed and differs between seeds', () => {
    const a = new Float32Array(1000);
    const b = new Float32Array(1000);
    const c = new Float32Array(1000);
    k.dropoutMask(a, 0.5, 42);
    k.dropoutMask(b, 0.5, 42);
    k.dropoutMask(c, 0.5, 43);
    expect(a).toEqual(b);
    let same = 0;
    for (let i = 0; i < a.length; i++) if (a[i] === c[i]) same++;
    expect(same).toBeLessThan(600); // independent masks agree on ~50%
  });

  it('rejects a rate outside [0, 1) and a non-integer seed', () => {
    const mask = new Float32Array(4);
    for (const rate of [1, -0.1, 1.5, NaN]) expect(() => k.dropoutMask(mask, rate, 1)).toThrow(KernelArgumentError);
    expect(() => k.dropoutMask(mask, 0.5, 1.5)).toThrow(KernelArgumentError);
  });
});

describe('dropoutMask [wasm vs reference]', () => {
  it('gives bit-identical masks for the same seed', () => {
    for (const [rate, seed] of [[0.3, 0], [0.5, 0xffffffff], [0.05, 987654321], [0.99, -7]]) {
      const a = new Float32Array(100_003);
      const b = new Float32Array(100_003);
      wasmKernels.dropoutMask(a, rate, seed);
      referenceKernels.dropoutMask(b, rate, seed);
      const bitsA = new Uint32Array(a.buffer);
      const bitsB = new Uint32Array(b.buffer);
      let differing = 0;
      for (let i = 0; i < bitsA.length; i++) if (bitsA[i] !== bitsB[i]) differing++;
      expect(differing).toBe(0);
    }
  });
});
