import { it, expect } from 'vitest';
import { describeKernels, randomFloats } from '../test-support.js';
import { Activation, type Conv2DInfo, type KernelSet } from '../kernel-set.js';
import { pooledInfo } from '../checks/conv2d-max-pool.js';
import { convCaseInputs, convCaseLabel, type ConvCase } from './conv-case.js';

// The two paths that pool inside the convolution (crates/kernels: Winograd's output transform,
// whose 2×2 tiles are the pooling windows, and the implicit GEMM without padding, whose micro-tile
// rows are one window's pixels) must equal conv2d then maxPool bit for bit, NaN included: a NaN
// tap wins over a number, as in maxPool. Cases: Winograd with odd outputs, padding and output
// channels off multiples of 8; the GEMM with stride 2, dilation 2 and a partial 8-channel panel;
// a GEMM case whose padding is only at the bottom and right (must not take the in-place path).
const cases: ConvCase[] = [
  { shape: [2, 9, 11, 16], filter: 3, stride: 1, dilation: 1, padding: 'valid', outC: 19 },
  { shape: [1, 10, 12, 20], filter: 3, stride: 1, dilation: 1, padding: 'same', outC: 36 },
  { shape: [2, 13, 12, 3], filter: 3, stride: 2, dilation: 1, padding: 'valid', outC: 13 },
  { shape: [1, 12, 11, 5], filter: [3, 2], stride: 1, dilation: 2, padding: 'valid', outC: 8 },
  // 'same' with a 2×2 filter pads only the bottom and right: not a case for pooling in place.
  { shape: [2, 9, 8, 3], filter: 2, stride: 1, dilation: 1, padding: 'same', outC: 10 },
];

function unfused(k: KernelSet, x: Float32Array, w: Float32Array, bias: Float32Array, info: Conv2DInfo, act: Activation): number[] {
  const pool = pooledInfo(info);
  const n = info.batch * pool.outH * pool.outW * info.outC;
  const conv = new Float32Array(info.batch * info.outH * info.outW * info.outC);
  k.conv2d(x, w, bias, conv, info, act);
  const out = new Float32Array(n);
  k.maxPool(conv, out, new Int32Array(n), pool);
  return Array.from(out);
}

describeKernels('conv2dMaxPool fast paths', (k) => {
  cases.forEach((c, ci) => {
    for (const act of [Activation.Relu, Activation.Linear]) {
      it(`equals conv2d then maxPool bit for bit, NaN planted, on ${convCaseLabel(c)}, activation ${Activation[act]}`, () => {
        const { info, x, w } = convCaseInputs(c, 40 + ci);
        x[3 * info.inC + 1] = NaN;
        const bias = randomFloats(info.outC, 90 + ci);
        const pool = pooledInfo(info);
        const out = new Float32Array(info.batch * pool.outH * pool.outW * info.outC).fill(0.5);
        k.conv2dMaxPool(x, w, bias, out, info, act);
        expect(out.some(Number.isNaN) && out.some((v) => !Number.isNaN(v))).toBe(true);
        expect(Array.from(out)).toEqual(unfused(k, x, w, bias, info, act));
      });
    }
  });
});
