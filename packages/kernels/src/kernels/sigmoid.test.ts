import { it, expect, beforeAll } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { describeKernels, expectClose, randomFloats } from '../test-support.js';
import { KernelArgumentError } from '../check.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describeKernels('sigmoid', (k) => {
  it('matches tf.sigmoid, including large magnitudes and a SIMD tail', () => {
    const x = randomFloats(37, 11, -8, 8);
    x[0] = -90;
    x[1] = 90;
    x[2] = 0;
    const out = new Float32Array(x.length);
    k.sigmoid(x, out);
    expectClose(out, tf.sigmoid(tf.tensor1d(x)).dataSync(), 1e-5, 1e-7);
    expect(out[2]).toBe(0.5);
  });

  it('backward is dy * y * (1 - y), checked by finite differences of the forward', () => {
    const x = randomFloats(13, 5, -3, 3);
    const dy = randomFloats(13, 6);
    const y = new Float32Array(13);
    k.sigmoid(x, y);
    const dx = new Float32Array(13);
    k.sigmoidBackward(y, dy, dx);
    const s = (v: number): number => 1 / (1 + Math.exp(-v));
    const h = 1e-4;
    const numeric = Array.from(x, (v, i) => (dy[i] * (s(v + h) - s(v - h))) / (2 * h));
    expectClose(dx, numeric, 1e-4, 1e-6);
  });

  it('rejects mismatched lengths', () => {
    expect(() => k.sigmoid(new Float32Array(3), new Float32Array(4))).toThrow(KernelArgumentError);
    expect(() => k.sigmoidBackward(new Float32Array(3), new Float32Array(3), new Float32Array(2))).toThrow(KernelArgumentError);
  });
});
