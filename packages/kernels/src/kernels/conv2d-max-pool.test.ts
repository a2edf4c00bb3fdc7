import { it, expect, beforeAll } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { describeKernels, expectClose, randomFloats } from '../test-support.js';
import { KernelArgumentError } from '../check.js';
import { Activation, type Conv2DInfo, type KernelSet } from '../kernel-set.js';
import { pooledInfo } from '../checks/conv2d-max-pool.js';
import { convCaseInputs, convCaseLabel, type ConvCase } from './conv-case.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

// Odd conv outputs (the pooling drops the last row / column), 'same' padding, stride 2, batch > 1,
// channel counts off multiples of 4, the Winograd path (≥ 16 channels) and the implicit GEMM
// (Cin 3, like the seed CNN's first layer, tall enough for several row bands per image).
const cases: ConvCase[] = [
  { shape: [2, 9, 11, 3], filter: 3, stride: 1, dilation: 1, padding: 'valid', outC: 5 },
  { shape: [1, 12, 10, 3], filter: 3, stride: 1, dilation: 1, padding: 'same', outC: 32 },
  { shape: [2, 11, 9, 17], filter: 3, stride: 1, dilation: 1, padding: 'same', outC: 19 },
  { shape: [3, 10, 10, 16], filter: 3, stride: 1, dilation: 1, padding: 'valid', outC: 16 },
  { shape: [1, 9, 13, 5], filter: 3, stride: 2, dilation: 1, padding: 'same', outC: 6 },
  { shape: [2, 7, 8, 7], filter: 1, stride: 1, dilation: 1, padding: 'valid', outC: 9 },
  { shape: [2, 150, 23, 3], filter: 3, stride: 1, dilation: 1, padding: 'valid', outC: 32 },
];

/** conv2d, then maxPool of its output: the two kernels the fused one replaces. */
function unfused(k: KernelSet, x: Float32Array, w: Float32Array, bias: Float32Array | null, info: Conv2DInfo, act: Activation): Float32Array {
  const pool = pooledInfo(info);
  const n = info.batch * pool.outH * pool.outW * info.outC;
  const conv = new Float32Array(info.batch * info.outH * info.outW * info.outC);
  k.conv2d(x, w, bias, conv, info, act);
  const out = new Float32Array(n);
  k.maxPool(conv, out, new Int32Array(n), pool);
  return out;
}

/** The fused kernel's output (NaN-filled first, so an unwritten element shows). */
function fusedOut(k: KernelSet, x: Float32Array, w: Float32Array, bias: Float32Array | null, info: Conv2DInfo, act: Activation): Float32Array {
  const pool = pooledInfo(info);
  const out = new Float32Array(info.batch * pool.outH * pool.outW * info.outC).fill(NaN);
  k.conv2dMaxPool(x, w, bias, out, info, act);
  return out;
}

describeKernels('conv2dMaxPool', (k) => {
  cases.forEach((c, ci) => {
    const { info, x, w } = convCaseInputs(c, 10 + ci);
    const bias = randomFloats(info.outC, 70 + ci);
    const pool = pooledInfo(info);

    for (const act of [Activation.Relu, Activation.Linear, Activation.Tanh]) {
      it(`equals conv2d then maxPool bit for bit on ${convCaseLabel(c)}, activation ${Activation[act]}`, () => {
        expect(Array.from(fusedOut(k, x, w, bias, info, act))).toEqual(Array.from(unfused(k, x, w, bias, info, act)));
      });
    }

    it(`matches tf conv2d + bias + relu + maxPool on ${convCaseLabel(c)}`, () => {
      const out = fusedOut(k, x, w, bias, info, Activation.Relu);
      const want = tf.tidy(() => {
        const y = tf.relu(tf.add(tf.conv2d(tf.tensor4d(x, c.shape), tf.tensor4d(w, [info.filterH, info.filterW, info.inC, info.outC]), c.stride as [number, number], c.padding), tf.tensor1d(bias)));
        return tf.maxPool(y as tf.Tensor4D, 2, 2, 'valid');
      });
      expect(want.shape).toEqual([info.batch, pool.outH, pool.outW, info.outC]);
      expectClose(out, want.dataSync(), 1e-4, 1e-5);
      want.dispose();
    });
  });

  it('works without a bias', () => {
    const { info, x, w } = convCaseInputs(cases[2], 5);
    expect(Array.from(fusedOut(k, x, w, null, info, Activation.Relu))).toEqual(Array.from(unfused(k, x, w, null, info, Activation.Relu)));
  });

  it('propagates NaN as maxPool does', () => {
    const { info, x, w } = convCaseInputs(cases[0], 6);
    x[5] = NaN;
    const out = fusedOut(k, x, w, null, info, Activation.Linear);
    expect(out.some(Number.isNaN)).toBe(true);
    expect(Array.from(out)).toEqual(Array.from(unfused(k, x, w, null, info, Activation.Linear)));
  });

  it('rejects a wrong out length and a conv output smaller than the window', () => {
    const { info, x, w } = convCaseInputs(cases[0], 7);
    expect(() => k.conv2dMaxPool(x, w, null, new Float32Array(3), info, Activation.Relu)).toThrow(KernelArgumentError);
    const thin = { ...info, inH: 3, outH: 1 };
    const xs = new Float32Array(info.batch * 3 * info.inW * info.inC);
    expect(() => k.conv2dMaxPool(xs, w, null, new Float32Array(0), thin, Activation.Relu)).toThrow(/smaller than the 2×2 pooling window/);
  });
});

// The two paths that pool inside the convolution (crates/kernels: Winograd's output transform,
// whose 2×2 tiles are the pooling windows, and the implicit GEMM without padding, whose micro-tile
// rows are one window's pixels) must equal conv2d then maxPool bit for bit, NaN included: a NaN
// tap wins over a number, as in maxPool. Cases: Winograd with odd outputs, padding and output
// channels off multiples of 8; the GEMM with stride 2, dilation 2 and a partial 8-channel panel;
// a GEMM case whose padding is only at the bottom and right (must not take the in-place path).
const fastPathCases: ConvCase[] = [
  { shape: [2, 9, 11, 16], filter: 3, stride: 1, dilation: 1, padding: 'valid', outC: 19 },
  { shape: [1, 10, 12, 20], filter: 3, stride: 1, dilation: 1, padding: 'same', outC: 36 },
  { shape: [2, 13, 12, 3], filter: 3, stride: 2, dilation: 1, padding: 'valid', outC: 13 },
  { shape: [1, 12, 11, 5], filter: [3, 2], stride: 1, dilation: 2, padding: 'valid', outC: 8 },
  // 'same' with a 2×2 filter pads only the bottom and right: not a case for pooling in place.
  { shape: [2, 9, 8, 3], filter: 2, stride: 1, dilation: 1, padding: 'same', outC: 10 },
];

describeKernels('conv2dMaxPool fast paths', (k) => {
  fastPathCases.forEach((c, ci) => {
    for (const act of [Activation.Relu, Activation.Linear]) {
      it(`equals conv2d then maxPool bit for bit, NaN planted, on ${convCaseLabel(c)}, activation ${Activation[act]}`, () => {
        const { info, x, w } = convCaseInputs(c, 40 + ci);
        x[3 * info.inC + 1] = NaN;
        const bias = randomFloats(info.outC, 90 + ci);
        const pool = pooledInfo(info);
        const out = new Float32Array(info.batch * pool.outH * pool.outW * info.outC).fill(0.5);
        k.conv2dMaxPool(x, w, bias, out, info, act);
        expect(out.some(Number.isNaN) && out.some((v) => !Number.isNaN(v))).toBe(true);
        expect(Array.from(out)).toEqual(Array.from(unfused(k, x, w, bias, info, act)));
      });
    }
  });
});
