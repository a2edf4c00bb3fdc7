import { it, expect, beforeAll } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { describeKernels, expectClose, randomFloats } from '../test-support.js';
import { KernelArgumentError } from '../check.js';
import { expectGradientClose, numericGradient, weightedSum } from './gradient-check.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const eps = 1e-3;

describeKernels('batchNorm', (k) => {
  for (const [rows, channels] of [[1, 3], [2, 5], [32, 16], [75, 13]]) {
    const x = randomFloats(rows * channels, rows * 31 + channels, -2, 3);
    const gamma = randomFloats(channels, 1, 0.5, 1.5);
    const beta = randomFloats(channels, 2);
    const tfTrain = (xt: tf.Tensor, g: tf.Tensor, b: tf.Tensor): tf.Tensor => {
      const m = tf.moments(xt, 0);
      return tf.batchNorm(xt, m.mean, m.variance, b, g, eps);
    };

    it(`train matches tf.moments + tf.batchNorm on [${rows}, ${channels}]`, () => {
      const out = new Float32Array(x.length).fill(NaN);
      const mean = new Float32Array(channels);
      const variance = new Float32Array(channels);
      k.batchNormTrain(x, gamma, beta, out, mean, variance, rows, channels, eps);
      const xt = tf.tensor2d(x, [rows, channels]);
      const m = tf.moments(xt, 0);
      expectClose(mean, m.mean.dataSync(), 1e-5, 1e-6);
      expectClose(variance, m.variance.dataSync(), 1e-4, 1e-6);
      expectClose(out, tfTrain(xt, tf.tensor1d(gamma), tf.tensor1d(beta)).dataSync(), 1e-4, 1e-5);
    });

    it(`infer matches tf.batchNorm on [${rows}, ${channels}]`, () => {
      const mean = randomFloats(channels, 3);
      const variance = randomFloats(channels, 4, 0.1, 2);
      const out = new Float32Array(x.length).fill(NaN);
      k.batchNormInfer(x, gamma, beta, mean, variance, out, rows, channels, eps);
      const want = tf.batchNorm(tf.tensor2d(x, [rows, channels]), tf.tensor1d(mean), tf.tensor1d(variance), tf.tensor1d(beta), tf.tensor1d(gamma), eps);
      expectClose(out, want.dataSync(), 1e-4, 1e-5);
    });

    it(`backward matches tf gradients through the batch statistics on [${rows}, ${channels}]`, () => {
      const dy = randomFloats(x.length, 5);
      const out = new Float32Array(x.length);
      const mean = new Float32Array(channels);
      const variance = new Float32Array(channels);
      k.batchNormTrain(x, gamma, beta, out, mean, variance, rows, channels, eps);
      const dx = new Float32Array(x.length).fill(NaN);
      const dgamma = new Float32Array(channels).fill(NaN);
      const dbeta = new Float32Array(channels).fill(NaN);
      k.batchNormBackward(x, dy, gamma, mean, variance, dx, dgamma, dbeta, rows, channels, eps);
      const dyt = tf.tensor2d(dy, [rows, channels]);
      const [gx, gg, gb] = tf.grads((a: tf.Tensor, g: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(tfTrain(a, g, b), dyt)))([tf.tensor2d(x, [rows, channels]), tf.tensor1d(gamma), tf.tensor1d(beta)]);
      expectClose(dx, gx.dataSync(), 1e-3, 1e-4);
      expectClose(dgamma, gg.dataSync(), 1e-4, 1e-4);
      expectClose(dbeta, gb.dataSync(), 1e-4, 1e-5);
    });
  }

  it('backward equals finite differences of batchNormTrain', () => {
    const rows = 6;
    const channels = 3;
    const x = randomFloats(rows * channels, 9, -1, 1);
    const gamma = new Float32Array([0.7, 1.3, -0.4]);
    const beta = new Float32Array([0.1, 0, -0.2]);
    const dy = randomFloats(x.length, 10);
    const out = new Float32Array(x.length);
    const mean = new Float32Array(channels);
    const variance = new Float32Array(channels);
    const loss = (xs: Float32Array): number => (k.batchNormTrain(xs, gamma, beta, out, mean, variance, rows, channels, eps), weightedSum(out, dy));
    const numeric = numericGradient(loss, x, 1e-2);
    k.batchNormTrain(x, gamma, beta, out, mean, variance, rows, channels, eps);
    const dx = new Float32Array(x.length);
    k.batchNormBackward(x, dy, gamma, mean, variance, dx, new Float32Array(channels), new Float32Array(channels), rows, channels, eps);
    expectGradientClose(dx, numeric, 5e-3, 5e-3);
  });

  it('rejects epsilon ≤ 0, rows 0 and wrong lengths', () => {
    const c3 = new Float32Array(3);
    expect(() => k.batchNormInfer(new Float32Array(6), c3, c3, c3, c3, new Float32Array(6), 2, 3, 0)).toThrow(KernelArgumentError);
    expect(() => k.batchNormTrain(new Float32Array(0), c3, c3, new Float32Array(0), c3, c3, 0, 3, eps)).toThrow(KernelArgumentError);
    expect(() => k.batchNormTrain(new Float32Array(6), c3, new Float32Array(2), new Float32Array(6), c3, c3, 2, 3, eps)).toThrow(KernelArgumentError);
    expect(() => k.batchNormBackward(new Float32Array(6), new Float32Array(5), c3, c3, c3, new Float32Array(6), c3, c3, 2, 3, eps)).toThrow(KernelArgumentError);
  });
});
