import { it, expect, beforeAll } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { describeKernels, expectClose, randomFloats } from '../test-support.js';
import { KernelArgumentError } from '../check.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describeKernels('softmax', (k) => {
  for (const [rows, cols] of [[3, 7], [2, 8], [1, 1], [4, 13]]) {
    it(`matches tf.softmax on [${rows}, ${cols}]`, () => {
      const x = randomFloats(rows * cols, rows * 100 + cols, -4, 4);
      const out = new Float32Array(x.length);
      k.softmax(x, out, rows, cols);
      expectClose(out, tf.softmax(tf.tensor2d(x, [rows, cols])).dataSync(), 1e-5, 1e-7);
    });
  }

  it('is max-subtracted: huge logits give no overflow', () => {
    const x = new Float32Array([1000, 1001, 1002, -1000, 0, 1000]);
    const out = new Float32Array(6);
    k.softmax(x, out, 2, 3);
    const e = [Math.exp(-2), Math.exp(-1), 1];
    const s = e[0] + e[1] + e[2];
    expectClose(out.subarray(0, 3), e.map((v) => v / s), 1e-6, 1e-7);
    expectClose(out.subarray(3), [0, 0, 1], 0, 1e-7);
  });

  it('backward matches finite differences of Σ w·softmax(x)', () => {
    const rows = 3;
    const cols = 6;
    const x = randomFloats(rows * cols, 21, -2, 2);
    const w = randomFloats(rows * cols, 22);
    const y = new Float32Array(x.length);
    k.softmax(x, y, rows, cols);
    const dx = new Float32Array(x.length);
    k.softmaxBackward(y, w, dx, rows, cols);
    const f = (xs: Float64Array): number => {
      let total = 0;
      for (let r = 0; r < rows; r++) {
        const row = xs.subarray(r * cols, r * cols + cols);
        const m = Math.max(...row);
        const e = Array.from(row, (v) => Math.exp(v - m));
        const s = e.reduce((a, b) => a + b, 0);
        e.forEach((v, j) => (total += (w[r * cols + j] * v) / s));
      }
      return total;
    };
    const base = Float64Array.from(x);
    const numeric = Array.from(x, (_, i) => {
      const h = 1e-6;
      const p = base.slice(); p[i] += h;
      const m = base.slice(); m[i] -= h;
      return (f(p) - f(m)) / (2 * h);
    });
    expectClose(dx, numeric, 1e-4, 1e-6);
  });

  it('rejects a shape that does not match the buffers', () => {
    expect(() => k.softmax(new Float32Array(6), new Float32Array(6), 2, 4)).toThrow(KernelArgumentError);
    expect(() => k.softmaxBackward(new Float32Array(6), new Float32Array(6), new Float32Array(5), 2, 3)).toThrow(KernelArgumentError);
  });
});
