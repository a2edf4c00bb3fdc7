// conv2d forward on the shapes that take the WASM kernel's fast paths (crates/kernels):
// Winograd F(2×2, 3×3) for 3×3 stride-1 convolutions with ≥ 16 input and output channels, and the
// implicit GEMM's in-place strips for the rest (a 3-channel first layer, stride 2, dilation).
// Odd heights/widths leave partial 2×2 tiles; channel counts off multiples of 4 and 8 exercise the
// SIMD tails; 'same' padding puts tiles across the border; batch > 1 puts one tile block across
// images. Both kernel sets run, so the reference is checked against tf.conv2d too.
import { it, expect, beforeAll } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { describeKernels, expectClose, randomFloats } from '../test-support.js';
import { Activation } from '../kernel-set.js';
import { computeConv2DInfo, type PaddingMode } from '../conv-geometry.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

interface Case {
  shape: [number, number, number, number];
  stride: number;
  dilation: number;
  padding: PaddingMode;
  outC: number;
}

const cases: Case[] = [
  // Winograd
  { shape: [2, 9, 7, 17], stride: 1, dilation: 1, padding: 'same', outC: 19 },
  { shape: [1, 8, 11, 16], stride: 1, dilation: 1, padding: 'valid', outC: 16 },
  { shape: [3, 6, 5, 21], stride: 1, dilation: 1, padding: 'same', outC: 33 },
  { shape: [2, 20, 19, 32], stride: 1, dilation: 1, padding: 'valid', outC: 24 },
  { shape: [1, 3, 4, 18], stride: 1, dilation: 1, padding: 'valid', outC: 17 },
  // implicit GEMM
  { shape: [2, 15, 13, 3], stride: 1, dilation: 1, padding: 'valid', outC: 32 },
  { shape: [1, 14, 12, 3], stride: 2, dilation: 1, padding: 'same', outC: 10 },
  { shape: [1, 13, 14, 20], stride: 1, dilation: 2, padding: 'valid', outC: 17 },
];

const activations: Array<[Activation, (t: tf.Tensor) => tf.Tensor]> = [
  [Activation.Relu, (t) => tf.relu(t)],
  [Activation.Linear, (t) => t],
  [Activation.Sigmoid, (t) => tf.sigmoid(t)],
];

describeKernels('conv2d fast paths', (k) => {
  cases.forEach((c, ci) => {
    const tag = `[${c.shape.join(',')}] 3×3 stride ${c.stride} dilation ${c.dilation} ${c.padding} → ${c.outC}`;
    it(`forward matches tf.conv2d + bias + activation on ${tag}`, () => {
      const info = computeConv2DInfo(c.shape, 3, c.stride, c.dilation, c.padding, c.outC);
      const x = randomFloats(c.shape.reduce((a, b) => a * b), 300 + ci);
      const w = randomFloats(9 * info.inC * info.outC, 400 + ci, -0.5, 0.5);
      const bias = randomFloats(c.outC, 500 + ci);
      const conv = tf.conv2d(tf.tensor4d(x, c.shape), tf.tensor4d(w, [3, 3, info.inC, info.outC]), c.stride, c.padding, 'NHWC', c.dilation);
      expect([info.batch, info.outH, info.outW, info.outC]).toEqual(conv.shape);
      for (const [act, tfAct] of activations) {
        const out = new Float32Array(info.batch * info.outH * info.outW * info.outC).fill(NaN);
        k.conv2d(x, w, bias, out, info, act);
        expectClose(out, tfAct(tf.add(conv, tf.tensor1d(bias))).dataSync(), 1e-4, 1e-5);
      }
      const noBias = new Float32Array(info.batch * info.outH * info.outW * info.outC).fill(NaN);
      k.conv2d(x, w, null, noBias, info, Activation.Relu);
      expectClose(noBias, tf.relu(conv).dataSync(), 1e-4, 1e-5);
    });
  });
});
