import { it, expect, beforeAll } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import '@tensorflow/tfjs-backend-cpu';
import { describeKernels, randomFloats } from '../test-support.js';
import { KernelArgumentError } from '../check.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** Random values over both flat parts, with the kinks 0 and 6 and their neighbours placed so some fall in SIMD lanes and some in the tail. */
function wideInput(): Float32Array {
  const x = randomFloats(43, 21, -3, 9);
  [0, 6, -1, 7, 3, 1e-7, 6.000001, 5.999999].forEach((v, i) => { x[i * 5] = v; });
  x[42] = 6; // last element: the scalar tail
  x[41] = 0;
  return x;
}

describeKernels('relu6', (k) => {
  it('matches tf.relu6, kinks and a SIMD tail included (43 elements)', () => {
    const x = wideInput();
    const out = new Float32Array(x.length);
    k.relu6(x, out);
    expect(Array.from(out)).toEqual(Array.from(tf.relu6(tf.tensor1d(x)).dataSync()));
    expect(Array.from(out.subarray(40))).toEqual([Math.fround(x[40] < 0 ? 0 : x[40] > 6 ? 6 : x[40]), 0, 6]);
  });

  it('keeps NaN and turns -0 into +0, in SIMD lanes and in the tail alike', () => {
    const x = new Float32Array([NaN, -0, 6.5, -2, 2, NaN, -0]);
    const out = new Float32Array(7);
    k.relu6(x, out);
    expect(Array.from(out)).toEqual([NaN, 0, 6, 0, 2, NaN, 0]);
    expect(Object.is(out[1], 0) && Object.is(out[6], 0)).toBe(true);
  });

  it('backward matches the gradient of tf.relu6: 1 for 0 < x ≤ 6, 0 at 0 and above 6', () => {
    const x = wideInput();
    const dy = randomFloats(x.length, 22, 0.5, 2);
    const dx = new Float32Array(x.length);
    k.relu6Backward(x, dy, dx);
    const want = tf.grad((t: tf.Tensor) => tf.relu6(t))(tf.tensor1d(x), tf.tensor1d(dy)).dataSync();
    expect(Array.from(dx)).toEqual(Array.from(want));
    // Hand-derived at the kinks: x = 0 → 0, x = 6 → dy, x = 7 → 0, just above 0 → dy.
    expect([dx[0], dx[5], dx[15], dx[25], dx[41], dx[42]]).toEqual([0, dy[5], 0, dy[25], 0, dy[42]]);
  });

  it('backward agrees with finite differences of the forward away from the kinks', () => {
    const x = randomFloats(29, 23, -2, 8).map((v) => (Math.abs(v) < 0.01 || Math.abs(v - 6) < 0.01 ? v + 0.05 : v));
    const dy = randomFloats(29, 24);
    const dx = new Float32Array(29);
    k.relu6Backward(x, dy, dx);
    const f = (v: number): number => Math.min(Math.max(v, 0), 6);
    const h = 1e-3;
    const numeric = Array.from(x, (v, i) => (dy[i] * (f(v + h) - f(v - h))) / (2 * h));
    numeric.forEach((n, i) => expect(dx[i]).toBeCloseTo(n, 4));
  });

  it('rejects mismatched lengths', () => {
    expect(() => k.relu6(new Float32Array(3), new Float32Array(2))).toThrow(KernelArgumentError);
    expect(() => k.relu6Backward(new Float32Array(3), new Float32Array(2), new Float32Array(3))).toThrow(KernelArgumentError);
    expect(() => k.relu6Backward(new Float32Array(3), new Float32Array(3), new Float32Array(4))).toThrow(KernelArgumentError);
  });
});
