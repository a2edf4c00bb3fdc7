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

// The WASM kernel has a stride-1 path (≥ 8 input channels: a convolution with the flipped filter)
// and a col2im path (strides, or < 8 channels); channel counts that are not multiples of 4 or 8
// exercise the SIMD tails, widths that are not multiples of 4 the pixel tails.
const cases: Case[] = [
  { shape: [2, 7, 6, 3], filter: 3, stride: 1, dilation: 1, padding: 'same', outC: 5 },
  { shape: [2, 9, 11, 8], filter: 3, stride: 1, dilation: 1, padding: 'valid', outC: 12 },
  { shape: [3, 10, 9, 13], filter: 3, stride: 1, dilation: 1, padding: 'same', outC: 17 },
  { shape: [1, 12, 13, 16], filter: [2, 4], stride: 1, dilation: 1, padding: 'same', outC: 8 },
  { shape: [2, 8, 9, 9], filter: 3, stride: 2, dilation: 1, padding: 'same', outC: 6 },
  { shape: [2, 11, 10, 10], filter: [3, 2], stride: [1, 2], dilation: 1, padding: 'valid', outC: 7 },
  { shape: [2, 6, 6, 9], filter: 1, stride: 1, dilation: 1, padding: 'valid', outC: 3 },
  // Many output rows: the filter gradient works in several row chunks.
  { shape: [1, 26, 27, 8], filter: 3, stride: 1, dilation: 1, padding: 'same', outC: 16 },
];
// tfjs has no conv2d gradient for dilation > 1: these are checked by finite differences.
const dilated: Case[] = [
  { shape: [2, 10, 9, 9], filter: 3, stride: 1, dilation: 2, padding: 'same', outC: 5 },
  { shape: [1, 11, 10, 3], filter: 3, stride: 1, dilation: 2, padding: 'valid', outC: 4 },
];

const ACTS = [Activation.Linear, Activation.Relu, Activation.Sigmoid, Activation.Tanh];

const label = convCaseLabel;

function setup(c: Case, seed: number): { info: Conv2DInfo; x: Float32Array; w: Float32Array; b: Float32Array; dy: Float32Array } {
  const { info, x, w } = convCaseInputs(c, seed);
  const b = randomFloats(info.outC, seed + 2, -0.3, 0.3);
  const dy = randomFloats(info.batch * info.outH * info.outW * info.outC, seed + 3);
  return { info, x, w, b, dy };
}

function tfAct(act: Activation, t: tf.Tensor): tf.Tensor {
  return act === Activation.Relu ? tf.relu(t) : act === Activation.Sigmoid ? tf.sigmoid(t) : act === Activation.Tanh ? tf.tanh(t) : t;
}

describeKernels('conv2dBackward', (k) => {
  cases.forEach((c, ci) => {
    it(`matches tf gradients of act(conv + bias) for every activation on ${label(c)}`, () => {
      const { info, x, w, b, dy } = setup(c, 10 + 7 * ci);
      const xt = tf.tensor4d(x, c.shape);
      const wt = tf.tensor4d(w, [info.filterH, info.filterW, info.inC, info.outC]);
      const bt = tf.tensor1d(b);
      const dyt = tf.tensor4d(dy, [info.batch, info.outH, info.outW, info.outC]);
      for (const act of ACTS) {
        const f = (xa: tf.Tensor, wa: tf.Tensor, ba: tf.Tensor): tf.Tensor => tfAct(act, tf.add(tf.conv2d(xa as tf.Tensor4D, wa as tf.Tensor4D, c.stride as [number, number], c.padding, 'NHWC', c.dilation), ba));
        const y = f(xt, wt, bt).dataSync() as Float32Array;
        const [gx, gw, gb] = tf.grads((xa: tf.Tensor, wa: tf.Tensor, ba: tf.Tensor) => tf.sum(tf.mul(f(xa, wa, ba), dyt)))([xt, wt, bt]);
        const dx = new Float32Array(x.length).fill(NaN);
        const dw = new Float32Array(w.length).fill(NaN);
        const db = new Float32Array(b.length).fill(NaN);
        k.conv2dBackward(x, w, act === Activation.Linear ? null : y, dy, act, dx, dw, db, info);
        expectClose(dx, gx.dataSync(), 1e-4, 1e-5);
        expectClose(dw, gw.dataSync(), 1e-4, 1e-4);
        expectClose(db, gb.dataSync(), 1e-4, 1e-4);
      }
    });
  });

  it('without dx and dbias writes only dfilter, equal to the full call', () => {
    const c = cases[2];
    const { info, x, w, dy } = setup(c, 5);
    const y = randomFloats(dy.length, 6);
    const full = new Float32Array(w.length);
    k.conv2dBackward(x, w, y, dy, Activation.Relu, new Float32Array(x.length), full, new Float32Array(info.outC), info);
    const only = new Float32Array(w.length).fill(NaN);
    k.conv2dBackward(x, w, y, dy, Activation.Relu, null, only, null, info);
    expect(Array.from(only)).toEqual(Array.from(full));
  });

  it('equals finite differences of conv2d + bias + tanh (dilation 2, same and valid)', () => {
    for (const c of dilated) {
      const { info, x, w, b, dy } = setup(c, 40);
      const n = dy.length;
      const out = new Float32Array(n);
      const loss = (xs: Float32Array, ws: Float32Array, bs: Float32Array): number => (k.conv2d(xs, ws, bs, out, info, Activation.Tanh), weightedSum(out, dy));
      const y = new Float32Array(n);
      k.conv2d(x, w, b, y, info, Activation.Tanh);
      const dx = new Float32Array(x.length);
      const dw = new Float32Array(w.length);
      const db = new Float32Array(b.length);
      k.conv2dBackward(x, w, y, dy, Activation.Tanh, dx, dw, db, info);
      expectGradientClose(dx, numericGradient((xs) => loss(xs, w, b), x, 1e-2, [0, 1, 7, 50, x.length - 1]));
      expectGradientClose(dw, numericGradient((ws) => loss(x, ws, b), w, 1e-2, [0, 3, 11, w.length - 1]));
      expectGradientClose(db, numericGradient((bs) => loss(x, w, bs), b, 1e-2));
    }
  });

  it('rejects wrong lengths, a missing y for a non-linear activation and unknown activations', () => {
    const { info, x, w, dy } = setup(cases[0], 1);
    const df = new Float32Array(w.length);
    expect(() => k.conv2dBackward(x.subarray(1), w, null, dy, Activation.Linear, null, df, null, info)).toThrow(KernelArgumentError);
    expect(() => k.conv2dBackward(x, w, null, dy, Activation.Relu, null, df, null, info)).toThrow(KernelArgumentError);
    expect(() => k.conv2dBackward(x, w, dy.subarray(1), dy, Activation.Relu, null, df, null, info)).toThrow(KernelArgumentError);
    expect(() => k.conv2dBackward(x, w, null, dy, Activation.Linear, new Float32Array(3), df, null, info)).toThrow(KernelArgumentError);
    expect(() => k.conv2dBackward(x, w, null, dy, Activation.Linear, null, df, new Float32Array(info.outC + 1), info)).toThrow(KernelArgumentError);
    expect(() => k.conv2dBackward(x, w, null, dy, 7 as Activation, null, df, null, info)).toThrow(KernelArgumentError);
    expect(() => k.conv2dBackward(x, w, dy, dy, Activation.Relu6, null, df, null, info)).toThrow(/Relu6 has no fused gradient/);
  });
});
