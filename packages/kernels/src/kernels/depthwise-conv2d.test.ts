import { it, expect, beforeAll } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { describeKernels, expectClose, randomFloats } from '../test-support.js';
import { KernelArgumentError } from '../check.js';
import { Activation, type Conv2DInfo } from '../kernel-set.js';
import { computeConv2DInfo, type PaddingMode } from '../conv-geometry.js';
import { expectGradientClose, numericGradient, weightedSum } from './gradient-check.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

interface Case {
  shape: [number, number, number, number];
  filter: number;
  stride: number;
  dilation: number;
  padding: PaddingMode;
  mult: number;
}

const cases: Case[] = [
  { shape: [1, 5, 5, 1], filter: 3, stride: 1, dilation: 1, padding: 'valid', mult: 1 },
  { shape: [2, 7, 6, 3], filter: 3, stride: 1, dilation: 1, padding: 'same', mult: 2 },
  { shape: [2, 9, 8, 5], filter: 3, stride: 2, dilation: 1, padding: 'same', mult: 1 },
  { shape: [1, 8, 8, 6], filter: 5, stride: 2, dilation: 1, padding: 'valid', mult: 3 },
  { shape: [1, 10, 9, 7], filter: 3, stride: 1, dilation: 2, padding: 'same', mult: 1 },
  { shape: [2, 12, 12, 32], filter: 3, stride: 1, dilation: 1, padding: 'same', mult: 1 },
];

function label(c: Case): string {
  return `[${c.shape.join(',')}] filter ${c.filter} stride ${c.stride} dilation ${c.dilation} ${c.padding} ×${c.mult}`;
}

function setup(c: Case, seed: number): { info: Conv2DInfo; x: Float32Array; w: Float32Array; xt: tf.Tensor4D; wt: tf.Tensor4D; outLen: number } {
  const info = computeConv2DInfo(c.shape, c.filter, c.stride, c.dilation, c.padding, c.mult);
  const x = randomFloats(c.shape.reduce((a, b) => a * b), seed);
  const w = randomFloats(c.filter * c.filter * info.inC * c.mult, seed + 1, -0.5, 0.5);
  const outLen = info.batch * info.outH * info.outW * info.inC * c.mult;
  return { info, x, w, outLen, xt: tf.tensor4d(x, c.shape), wt: tf.tensor4d(w, [c.filter, c.filter, info.inC, c.mult]) };
}

function tfDepthwise(c: Case, xt: tf.Tensor4D, wt: tf.Tensor4D): tf.Tensor4D {
  return tf.depthwiseConv2d(xt, wt, c.stride, c.padding, 'NHWC', c.dilation);
}

describeKernels('depthwiseConv2d', (k) => {
  it('fuses Relu6: values above 6 are clamped, as tf.relu6', () => {
    const c = cases[0];
    const { info, x, w, wt, outLen } = setup(c, 5);
    const big = x.map((v) => v * 40); // outputs well past 6 in both directions
    const out = new Float32Array(outLen).fill(NaN);
    k.depthwiseConv2d(big, w, null, out, info, Activation.Relu6);
    const want = tf.relu6(tfDepthwise(c, tf.tensor4d(big, c.shape), wt)).dataSync();
    expect(want.some((v) => v === 6) && want.some((v) => v === 0)).toBe(true);
    expectClose(out, want, 1e-4, 1e-5);
  });

  cases.forEach((c, ci) => {
    it(`forward matches tf.depthwiseConv2d + bias + relu on ${label(c)}`, () => {
      const { info, x, w, xt, wt, outLen } = setup(c, 10 + ci);
      const bias = randomFloats(info.inC * c.mult, 70 + ci);
      const out = new Float32Array(outLen).fill(NaN);
      k.depthwiseConv2d(x, w, bias, out, info, Activation.Relu);
      expectClose(out, tf.relu(tf.add(tfDepthwise(c, xt, wt), tf.tensor1d(bias))).dataSync(), 1e-4, 1e-5);
    });

    if (c.dilation > 1) return; // tfjs has no depthwise gradient for dilation > 1; see the finite-difference test.
    it(`backprop input and filter match tf gradients on ${label(c)}`, () => {
      const { info, x, w, xt, wt, outLen } = setup(c, 30 + ci);
      const dy = randomFloats(outLen, 50 + ci);
      const dyt = tf.tensor4d(dy, [info.batch, info.outH, info.outW, info.inC * c.mult]);
      const [gx, gw] = tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(tfDepthwise(c, a as tf.Tensor4D, b as tf.Tensor4D), dyt)))([xt, wt]);
      const dx = new Float32Array(x.length).fill(NaN);
      k.depthwiseConv2dBackpropInput(dy, w, dx, info);
      expectClose(dx, gx.dataSync(), 1e-4, 1e-5);
      const dw = new Float32Array(w.length).fill(NaN);
      k.depthwiseConv2dBackpropFilter(x, dy, dw, info);
      expectClose(dw, gw.dataSync(), 1e-4, 1e-4);
    });
  });

  it('backward kernels equal finite differences of the forward (stride 2 same; dilation 2)', () => {
    for (const c of [cases[3], cases[4]]) {
      const { info, x, w, outLen } = setup(c, 321);
      const dy = randomFloats(outLen, 322);
      const out = new Float32Array(outLen);
      const lossX = (xs: Float32Array): number => (k.depthwiseConv2d(xs, w, null, out, info, Activation.Linear), weightedSum(out, dy));
      const lossW = (ws: Float32Array): number => (k.depthwiseConv2d(x, ws, null, out, info, Activation.Linear), weightedSum(out, dy));
      const dx = new Float32Array(x.length);
      k.depthwiseConv2dBackpropInput(dy, w, dx, info);
      expectGradientClose(dx, numericGradient(lossX, x, 1e-2, [0, 5, 33, x.length - 1]));
      const dw = new Float32Array(w.length);
      k.depthwiseConv2dBackpropFilter(x, dy, dw, info);
      expectGradientClose(dw, numericGradient(lossW, w, 1e-2, [0, 4, w.length - 1]));
    }
  });

  it('rejects wrong buffer lengths', () => {
    const { info, x, w, outLen } = setup(cases[1], 1);
    expect(() => k.depthwiseConv2d(x, w, null, new Float32Array(outLen - 1), info, Activation.Linear)).toThrow(KernelArgumentError);
    expect(() => k.depthwiseConv2d(x, w, new Float32Array(info.inC), new Float32Array(outLen), info, Activation.Linear)).toThrow(KernelArgumentError);
    expect(() => k.depthwiseConv2dBackpropInput(new Float32Array(outLen), w, new Float32Array(2), info)).toThrow(KernelArgumentError);
    expect(() => k.depthwiseConv2dBackpropFilter(x, new Float32Array(outLen), new Float32Array(2), info)).toThrow(KernelArgumentError);
  });
});
