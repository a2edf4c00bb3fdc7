import { it, expect, beforeAll } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { describeKernels, expectClose, randomFloats } from '../test-support.js';
import { KernelArgumentError } from '../check.js';
import { Activation, type Conv2DInfo } from '../kernel-set.js';
import { expectGradientClose, numericGradient, weightedSum } from './gradient-check.js';
import { convCaseInputs, convCaseLabel, type ConvCase } from './conv-case.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

type Case = ConvCase;

// Odd channel counts exercise SIMD tails; batch > 1; stride 2 with 'same' exercises asymmetric padding.
const cases: Case[] = [
  { shape: [1, 5, 5, 1], filter: 3, stride: 1, dilation: 1, padding: 'valid', outC: 1 },
  { shape: [2, 7, 6, 3], filter: 3, stride: 1, dilation: 1, padding: 'same', outC: 5 },
  { shape: [2, 8, 9, 5], filter: 3, stride: 2, dilation: 1, padding: 'same', outC: 6 },
  { shape: [1, 9, 8, 4], filter: [2, 3], stride: [2, 1], dilation: 1, padding: 'valid', outC: 9 },
  { shape: [3, 6, 6, 2], filter: 1, stride: 1, dilation: 1, padding: 'valid', outC: 7 },
  { shape: [1, 10, 9, 3], filter: 3, stride: 1, dilation: 2, padding: 'same', outC: 4 },
  { shape: [2, 11, 11, 6], filter: 5, stride: 3, dilation: 1, padding: 'same', outC: 17 },
  { shape: [1, 12, 12, 16], filter: 3, stride: 1, dilation: 1, padding: 'valid', outC: 33 },
  // Enough output pixels that the Rust kernel works in several im2col chunks (and 1×1 in several GEMM chunks).
  { shape: [2, 20, 20, 32], filter: 3, stride: 1, dilation: 1, padding: 'same', outC: 6 },
  { shape: [1, 40, 40, 64], filter: 1, stride: 1, dilation: 1, padding: 'valid', outC: 5 },
];

const label = convCaseLabel;

function setup(c: Case, seed: number): { info: Conv2DInfo; x: Float32Array; w: Float32Array; xt: tf.Tensor4D; wt: tf.Tensor4D } {
  const { info, x, w } = convCaseInputs(c, seed);
  return { info, x, w, xt: tf.tensor4d(x, c.shape), wt: tf.tensor4d(w, [info.filterH, info.filterW, info.inC, info.outC]) };
}

function tfConv(c: Case, xt: tf.Tensor4D, wt: tf.Tensor4D): tf.Tensor4D {
  return tf.conv2d(xt, wt, c.stride as [number, number], c.padding, 'NHWC', c.dilation);
}

describeKernels('conv2d', (k) => {
  cases.forEach((c, ci) => {
    it(`forward matches tf.conv2d + bias + relu on ${label(c)}`, () => {
      const { info, x, w, xt, wt } = setup(c, 10 + ci);
      const bias = randomFloats(c.outC, 77 + ci);
      const out = new Float32Array(info.batch * info.outH * info.outW * info.outC).fill(NaN);
      k.conv2d(x, w, bias, out, info, Activation.Relu);
      const want = tf.relu(tf.add(tfConv(c, xt, wt), tf.tensor1d(bias)));
      expect([info.batch, info.outH, info.outW, info.outC]).toEqual(want.shape);
      expectClose(out, want.dataSync(), 1e-4, 1e-5);
    });

    // tfjs has no conv2d gradient for dilation > 1; the finite-difference test below covers it.
    if (c.dilation > 1) return;
    it(`backprop input and filter match tf gradients on ${label(c)}`, () => {
      const { info, x, w, xt, wt } = setup(c, 30 + ci);
      const dy = randomFloats(info.batch * info.outH * info.outW * info.outC, 50 + ci);
      const dyt = tf.tensor4d(dy, [info.batch, info.outH, info.outW, info.outC]);
      const [gx, gw] = tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(tfConv(c, a as tf.Tensor4D, b as tf.Tensor4D), dyt)))([xt, wt]);
      const dx = new Float32Array(x.length).fill(NaN);
      k.conv2dBackpropInput(dy, w, dx, info);
      expectClose(dx, gx.dataSync(), 1e-4, 1e-5);
      const dw = new Float32Array(w.length).fill(NaN);
      k.conv2dBackpropFilter(x, dy, dw, info);
      expectClose(dw, gw.dataSync(), 1e-4, 1e-4);
    });
  });

  for (const act of [Activation.Linear, Activation.Sigmoid, Activation.Tanh]) {
    it(`fuses activation ${Activation[act]} and works without a bias`, () => {
      const c = cases[2];
      const { info, x, w, xt, wt } = setup(c, 90);
      const out = new Float32Array(info.batch * info.outH * info.outW * info.outC);
      k.conv2d(x, w, null, out, info, act);
      const y = tfConv(c, xt, wt);
      const want = act === Activation.Linear ? y : act === Activation.Sigmoid ? tf.sigmoid(y) : tf.tanh(y);
      expectClose(out, want.dataSync(), 1e-4, 1e-5);
    });
  }

  it('fuses Relu6: values above 6 are clamped, as tf.relu6', () => {
    const c = cases[2];
    const { info, x, w, wt } = setup(c, 91);
    const big = x.map((v) => v * 20); // outputs well past 6 in both directions
    const out = new Float32Array(info.batch * info.outH * info.outW * info.outC);
    k.conv2d(big, w, null, out, info, Activation.Relu6);
    const want = tf.relu6(tfConv(c, tf.tensor4d(big, [info.batch, info.inH, info.inW, info.inC]), wt)).dataSync();
    expect(want.some((v) => v === 6) && want.some((v) => v === 0)).toBe(true);
    expectClose(out, want, 1e-4, 1e-5);
  });

  it('backward kernels equal finite differences of the forward (stride 2, same, dilation 2)', () => {
    for (const c of [cases[2], cases[5]]) {
      const { info, x, w } = setup(c, 123);
      const n = info.batch * info.outH * info.outW * info.outC;
      const dy = randomFloats(n, 124);
      const out = new Float32Array(n);
      const lossX = (xs: Float32Array): number => (k.conv2d(xs, w, null, out, info, Activation.Linear), weightedSum(out, dy));
      const lossW = (ws: Float32Array): number => (k.conv2d(x, ws, null, out, info, Activation.Linear), weightedSum(out, dy));
      const dx = new Float32Array(x.length);
      k.conv2dBackpropInput(dy, w, dx, info);
      expectGradientClose(dx, numericGradient(lossX, x, 1e-2, [0, 1, 7, 50, x.length - 1]));
      const dw = new Float32Array(w.length);
      k.conv2dBackpropFilter(x, dy, dw, info);
      expectGradientClose(dw, numericGradient(lossW, w, 1e-2, [0, 3, 11, w.length - 1]));
    }
  });

  it('rejects wrong buffer lengths, bad geometry and unknown activations', () => {
    const c = cases[1];
    const { info, x, w } = setup(c, 1);
    const out = new Float32Array(info.batch * info.outH * info.outW * info.outC);
    expect(() => k.conv2d(x.subarray(1), w, null, out, info, Activation.Linear)).toThrow(KernelArgumentError);
    expect(() => k.conv2d(x, w, new Float32Array(2), out, info, Activation.Linear)).toThrow(KernelArgumentError);
    expect(() => k.conv2d(x, w, null, out, info, 9 as Activation)).toThrow(KernelArgumentError);
    expect(() => k.conv2d(x, w, null, out, { ...info, strideH: 0 }, Activation.Linear)).toThrow(KernelArgumentError);
    expect(() => k.conv2d(x, w, null, out, { ...info, outH: info.outH + 5 }, Activation.Linear)).toThrow(KernelArgumentError);
    expect(() => k.conv2dBackpropInput(out, w, new Float32Array(3), info)).toThrow(KernelArgumentError);
    expect(() => k.conv2dBackpropFilter(x, out, new Float32Array(3), info)).toThrow(KernelArgumentError);
  });
});
