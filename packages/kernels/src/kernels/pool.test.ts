import { it, expect, beforeAll } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { describeKernels, expectClose, randomFloats } from '../test-support.js';
import { KernelArgumentError } from '../check.js';
import { computeConv2DInfo, type PaddingMode } from '../conv-geometry.js';
import { expectGradientClose, numericGradient, weightedSum } from './gradient-check.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const cases: Array<{ shape: [number, number, number, number]; size: number; stride: number; padding: PaddingMode }> = [
  { shape: [1, 4, 4, 1], size: 2, stride: 2, padding: 'valid' },
  { shape: [2, 7, 7, 3], size: 2, stride: 2, padding: 'valid' },
  { shape: [2, 7, 6, 5], size: 3, stride: 2, padding: 'same' },
  { shape: [1, 9, 9, 6], size: 3, stride: 1, padding: 'same' },
  { shape: [3, 8, 5, 33], size: 2, stride: 2, padding: 'same' },
];

describeKernels('pooling', (k) => {
  for (const c of cases) {
    const info = computeConv2DInfo(c.shape, c.size, c.stride, 1, c.padding, c.shape[3]);
    const xLen = c.shape.reduce((a, b) => a * b);
    const outLen = info.batch * info.outH * info.outW * info.inC;
    const tag = `[${c.shape.join(',')}] size ${c.size} stride ${c.stride} ${c.padding}`;

    it(`maxPool and its backward match tf.maxPool on ${tag}`, () => {
      const x = randomFloats(xLen, xLen);
      const xt = tf.tensor4d(x, c.shape);
      const out = new Float32Array(outLen).fill(NaN);
      const argmax = new Int32Array(outLen).fill(-1);
      k.maxPool(x, out, argmax, info);
      expectClose(out, tf.maxPool(xt, c.size, c.stride, c.padding).dataSync(), 0, 0);
      for (let o = 0; o < outLen; o++) expect(x[argmax[o]]).toBe(out[o]);
      const dy = randomFloats(outLen, 7);
      const dx = new Float32Array(xLen).fill(NaN);
      k.maxPoolBackward(dy, argmax, dx, info);
      const g = tf.grad((a: tf.Tensor) => tf.sum(tf.mul(tf.maxPool(a as tf.Tensor4D, c.size, c.stride, c.padding), tf.tensor4d(dy, [info.batch, info.outH, info.outW, info.inC]))))(xt);
      expectClose(dx, g.dataSync(), 1e-5, 1e-6);
    });

    it(`avgPool and its backward match tf.avgPool on ${tag}`, () => {
      const x = randomFloats(xLen, xLen + 1);
      const xt = tf.tensor4d(x, c.shape);
      const out = new Float32Array(outLen).fill(NaN);
      k.avgPool(x, out, info);
      expectClose(out, tf.avgPool(xt, c.size, c.stride, c.padding).dataSync(), 1e-5, 1e-6);
      const dy = randomFloats(outLen, 8);
      const dx = new Float32Array(xLen).fill(NaN);
      k.avgPoolBackward(dy, dx, info);
      // tfjs' avgPool gradient divides by the full window even where 'same' padding cut it short
      // (its forward does not), so compare with tf only for 'valid'; finite differences cover both.
      if (c.padding === 'valid') {
        const g = tf.grad((a: tf.Tensor) => tf.sum(tf.mul(tf.avgPool(a as tf.Tensor4D, c.size, c.stride, c.padding), tf.tensor4d(dy, [info.batch, info.outH, info.outW, info.inC]))))(xt);
        expectClose(dx, g.dataSync(), 1e-5, 1e-6);
      }
      const probe = new Float32Array(outLen);
      const loss = (xs: Float32Array): number => (k.avgPool(xs, probe, info), weightedSum(probe, dy));
      expectGradientClose(dx, numericGradient(loss, x, 1e-2, [0, 1, c.shape[3] + 2, Math.floor(xLen / 2), xLen - 1]), 1e-3, 1e-3);
    });
  }

  it('maxPool: first max wins in argmax, a NaN propagates (hand-derived)', () => {
    const info = computeConv2DInfo([1, 2, 4, 1], 2, 2, 1, 'valid', 1);
    const x = new Float32Array([5, 1, 2, NaN, 0, 5, 3, 4]);
    const out = new Float32Array(2);
    const argmax = new Int32Array(2);
    k.maxPool(x, out, argmax, info);
    expect(out[0]).toBe(5);
    expect(argmax[0]).toBe(0);
    expect(out[1]).toBeNaN();
    expect(argmax[1]).toBe(3);
  });

  it('avgPool with same padding averages in-image taps only (hand-derived)', () => {
    // 3×3 window, stride 1, same on a 2×2 image: every window covers the whole image.
    const info = computeConv2DInfo([1, 2, 2, 1], 3, 1, 1, 'same', 1);
    const out = new Float32Array(4);
    k.avgPool(new Float32Array([1, 2, 3, 6]), out, info);
    expect(Array.from(out)).toEqual([3, 3, 3, 3]);
  });

  it('rejects argmax out of range, outC ≠ inC, dilation and wrong lengths', () => {
    const info = computeConv2DInfo([1, 4, 4, 2], 2, 2, 1, 'valid', 2);
    expect(() => k.maxPoolBackward(new Float32Array(8), new Int32Array(8).fill(99), new Float32Array(32), info)).toThrow(KernelArgumentError);
    expect(() => k.maxPoolBackward(new Float32Array(8), new Int32Array(8).fill(-1), new Float32Array(32), info)).toThrow(KernelArgumentError);
    expect(() => k.avgPool(new Float32Array(32), new Float32Array(8), { ...info, outC: 3 })).toThrow(KernelArgumentError);
    expect(() => k.avgPool(new Float32Array(32), new Float32Array(8), { ...info, dilationH: 2 })).toThrow(KernelArgumentError);
    expect(() => k.maxPool(new Float32Array(31), new Float32Array(8), new Int32Array(8), info)).toThrow(KernelArgumentError);
    expect(() => k.avgPoolBackward(new Float32Array(8), new Float32Array(30), info)).toThrow(KernelArgumentError);
  });
});

describeKernels('globalAvgPool', (k) => {
  for (const [batch, spatial, channels] of [[1, 1, 1], [2, 9, 5], [3, 49, 64], [4, 7, 13]]) {
    it(`forward and backward match tf.mean on [${batch}, ${spatial}, ${channels}]`, () => {
      const x = randomFloats(batch * spatial * channels, spatial + channels);
      const out = new Float32Array(batch * channels).fill(NaN);
      k.globalAvgPool(x, out, batch, spatial, channels);
      const xt = tf.tensor3d(x, [batch, spatial, channels]);
      expectClose(out, tf.mean(xt, 1).dataSync(), 1e-5, 1e-6);
      const dy = randomFloats(batch * channels, 3);
      const dx = new Float32Array(x.length).fill(NaN);
      k.globalAvgPoolBackward(dy, dx, batch, spatial, channels);
      const g = tf.grad((a: tf.Tensor) => tf.sum(tf.mul(tf.mean(a, 1), tf.tensor2d(dy, [batch, channels]))))(xt);
      expectClose(dx, g.dataSync(), 1e-5, 1e-7);
    });
  }

  it('rejects spatial 0 and wrong lengths', () => {
    expect(() => k.globalAvgPool(new Float32Array(0), new Float32Array(2), 1, 0, 2)).toThrow(KernelArgumentError);
    expect(() => k.globalAvgPool(new Float32Array(6), new Float32Array(3), 1, 3, 2)).toThrow(KernelArgumentError);
    expect(() => k.globalAvgPoolBackward(new Float32Array(2), new Float32Array(5), 1, 3, 2)).toThrow(KernelArgumentError);
  });
});
