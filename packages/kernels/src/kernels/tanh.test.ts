import { it, expect, beforeAll } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { describeKernels, expectClose, randomFloats } from '../test-support.js';
import { KernelArgumentError } from '../check.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describeKernels('tanh', (k) => {
  it('matches tf.tanh, including saturation and a SIMD tail', () => {
    const x = randomFloats(37, 12, -5, 5);
    x[0] = -50;
    x[1] = 50;
    x[2] = 0;
    x[3] = 1e-4;
    const out = new Float32Array(x.length);
    k.tanh(x, out);
    expectClose(out, tf.tanh(tf.tensor1d(x)).dataSync(), 1e-5, 1e-7);
    expect(out[0]).toBe(-1);
    expect(out[1]).toBe(1);
    expect(out[2]).toBe(0);
  });

  it('backward is dy * (1 - y²), checked by finite differences of the forward', () => {
    const x = randomFloats(13, 7, -2, 2);
    const dy = randomFloats(13, 8);
    const y = new Float32Array(13);
    k.tanh(x, y);
    const dx = new Float32Array(13);
    k.tanhBackward(y, dy, dx);
    const h = 1e-4;
    const numeric = Array.from(x, (v, i) => (dy[i] * (Math.tanh(v + h) - Math.tanh(v - h))) / (2 * h));
    expectClose(dx, numeric, 1e-4, 1e-6);
  });

  it('rejects mismatched lengths', () => {
    expect(() => k.tanh(new Float32Array(5), new Float32Array(4))).toThrow(KernelArgumentError);
    expect(() => k.tanhBackward(new Float32Array(3), new Float32Array(2), new Float32Array(3))).toThrow(KernelArgumentError);
  });
});
