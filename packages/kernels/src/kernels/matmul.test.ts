import { it, expect, beforeAll } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { describeKernels, expectClose, randomFloats } from '../test-support.js';
import { KernelArgumentError } from '../check.js';
import { Activation } from '../kernel-set.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

function tfMatmul(a: Float32Array, b: Float32Array, batch: number, m: number, k: number, n: number, ta: boolean, tb: boolean): Float32Array {
  const at = tf.tensor3d(a, ta ? [batch, k, m] : [batch, m, k]);
  const bt = tf.tensor3d(b, tb ? [batch, n, k] : [batch, k, n]);
  return tf.matMul(at, bt, ta, tb).dataSync() as Float32Array;
}

describeKernels('matmul', (k) => {
  const shapes: Array<[number, number, number, number]> = [
    [1, 1, 1, 1],
    [2, 5, 7, 9],
    [1, 3, 17, 2],
    [3, 13, 6, 11],
    [1, 37, 70, 45],
    [1, 130, 300, 67],
  ];
  for (const [batch, m, kk, n] of shapes) {
    for (const ta of [false, true]) {
      for (const tb of [false, true]) {
        it(`matches tf.matMul on batch ${batch}, ${m}×${kk}×${n}, transA ${ta}, transB ${tb}`, () => {
          const a = randomFloats(batch * m * kk, m * 7 + kk);
          const b = randomFloats(batch * kk * n, n * 13 + kk);
          const out = new Float32Array(batch * m * n).fill(NaN);
          k.matmul(a, b, out, batch, m, kk, n, ta, tb);
          expectClose(out, tfMatmul(a, b, batch, m, kk, n, ta, tb), 1e-4, 1e-5);
        });
      }
    }
  }

  // A few rows of A against a B of over 2^20 floats: the wasm GEMM reads B in place (gemm_wide.rs:
  // B row-major, or given transposed as the dense backward's dy·Wᵀ), rows off multiples of 4.
  for (const [batch, m, kk, n, tb] of [[1, 8, 1100, 1032, false], [2, 7, 1030, 1040, true], [1, 33, 515, 2050, true], [1, 64, 520, 2048, false]] as const) {
    it(`matches tf.matMul with few rows and a large B: batch ${batch}, ${m}×${kk}×${n}, transB ${tb}`, () => {
      const a = randomFloats(batch * m * kk, m + kk);
      const b = randomFloats(batch * kk * n, n + kk);
      const out = new Float32Array(batch * m * n).fill(NaN);
      k.matmul(a, b, out, batch, m, kk, n, false, tb);
      // Sums of ~1000 products of magnitude ~0.3 are ~10: atol 1e-4 is float32 rounding of those.
      expectClose(out, tfMatmul(a, b, batch, m, kk, n, false, tb), 1e-4, 1e-4);
    });
  }

  it('writes zeros when k is 0', () => {
    const out = new Float32Array(6).fill(7);
    k.matmul(new Float32Array(0), new Float32Array(0), out, 1, 2, 0, 3, false, false);
    expect(Array.from(out)).toEqual([0, 0, 0, 0, 0, 0]);
  });

  it('rejects mismatched lengths and bad dims', () => {
    expect(() => k.matmul(new Float32Array(6), new Float32Array(6), new Float32Array(4), 1, 2, 3, 2, false, false)).not.toThrow();
    expect(() => k.matmul(new Float32Array(5), new Float32Array(6), new Float32Array(4), 1, 2, 3, 2, false, false)).toThrow(KernelArgumentError);
    expect(() => k.matmul(new Float32Array(6), new Float32Array(6), new Float32Array(5), 1, 2, 3, 2, false, false)).toThrow(KernelArgumentError);
    expect(() => k.matmul(new Float32Array(6), new Float32Array(6), new Float32Array(4), 1, 2.5, 3, 2, false, false)).toThrow(KernelArgumentError);
  });
});

describeKernels('dense', (k) => {
  const acts: Array<[Activation, (t: tf.Tensor) => tf.Tensor]> = [
    [Activation.Linear, (t) => t],
    [Activation.Relu, (t) => tf.relu(t)],
    [Activation.Sigmoid, (t) => tf.sigmoid(t)],
    [Activation.Tanh, (t) => tf.tanh(t)],
    [Activation.Relu6, (t) => tf.relu6(tf.mul(t, 4))], // x and b scaled by 4 below, so outputs may pass 6 (the conv tests check the clamp)
  ];
  for (const [act, f] of acts) {
    for (const [rows, inDim, outDim] of [[1, 9, 5], [7, 33, 13], [32, 70, 19]]) {
      it(`matches tf (x·W + b, activation ${Activation[act]}) on ${rows}×${inDim}→${outDim}`, () => {
        const x = randomFloats(rows * inDim, rows + inDim);
        const w = randomFloats(inDim * outDim, outDim, -0.5, 0.5);
        const bias = randomFloats(outDim, 99);
        const out = new Float32Array(rows * outDim);
        if (act === Activation.Relu6) {
          const [x4, b4] = [x.map((v) => v * 4), bias.map((v) => v * 4)]; // (4x)·W + 4b = 4(x·W + b)
          k.dense(x4, w, b4, out, rows, inDim, outDim, act);
          const want = f(tf.add(tf.matMul(tf.tensor2d(x, [rows, inDim]), tf.tensor2d(w, [inDim, outDim])), tf.tensor1d(bias)));
          expectClose(out, want.dataSync(), 1e-4, 1e-5);
          return;
        }
        k.dense(x, w, bias, out, rows, inDim, outDim, act);
        const want = f(tf.add(tf.matMul(tf.tensor2d(x, [rows, inDim]), tf.tensor2d(w, [inDim, outDim])), tf.tensor1d(bias)));
        expectClose(out, want.dataSync(), 1e-4, 1e-5);
      });
    }
  }

  it('matches tf with few rows and a large kernel (read in place), bias and relu: 5×1100→1032', () => {
    const [rows, inDim, outDim] = [5, 1100, 1032];
    const x = randomFloats(rows * inDim, 3);
    const w = randomFloats(inDim * outDim, 4, -0.5, 0.5);
    const bias = randomFloats(outDim, 5);
    const out = new Float32Array(rows * outDim);
    k.dense(x, w, bias, out, rows, inDim, outDim, Activation.Relu);
    const want = tf.relu(tf.add(tf.matMul(tf.tensor2d(x, [rows, inDim]), tf.tensor2d(w, [inDim, outDim])), tf.tensor1d(bias)));
    expectClose(out, want.dataSync(), 1e-4, 1e-5);
    expect(out.some((v) => v === 0) && out.some((v) => v > 0)).toBe(true);
  });

  it('works without a bias', () => {
    const out = new Float32Array(2);
    k.dense(new Float32Array([1, 2, 3]), new Float32Array([1, -1, 2, 0, -3, 1]), null, out, 1, 3, 2, Activation.Relu);
    expect(Array.from(out)).toEqual([0, 2]);
  });

  it('rejects a bias of the wrong length and an unknown activation', () => {
    const x = new Float32Array(3);
    const w = new Float32Array(6);
    expect(() => k.dense(x, w, new Float32Array(3), new Float32Array(2), 1, 3, 2, Activation.Linear)).toThrow(KernelArgumentError);
    expect(() => k.dense(x, w, null, new Float32Array(2), 1, 3, 2, 7 as Activation)).toThrow(KernelArgumentError);
  });
});

describeKernels('biasGrad', (k) => {
  it('sums dy over rows (hand-derived)', () => {
    const dbias = new Float32Array(3);
    k.biasGrad(new Float32Array([1, 2, 3, 10, 20, 30]), dbias, 2, 3);
    expect(Array.from(dbias)).toEqual([11, 22, 33]);
  });

  it('matches tf.sum(axis 0) on 37×13', () => {
    const dy = randomFloats(37 * 13, 5);
    const dbias = new Float32Array(13);
    k.biasGrad(dy, dbias, 37, 13);
    expectClose(dbias, tf.sum(tf.tensor2d(dy, [37, 13]), 0).dataSync(), 1e-5, 1e-6);
  });

  it('rejects a dbias of the wrong length', () => {
    expect(() => k.biasGrad(new Float32Array(6), new Float32Array(2), 2, 3)).toThrow(KernelArgumentError);
  });
});
