// dense on one row (batch 1): the wasm kernel skips the kernel rows whose input is zero once it
// has seen that the (resident) kernel is finite. These tests pin what must not change because of
// it: values (vs tfjs), repeat calls, NaN/∞ in skipped rows, and weights changed between calls.
import { afterEach, beforeAll, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { Activation } from '../kernel-set.js';
import type { KernelSet } from '../kernel-set.js';
import { invalidateResident, markResident, releaseResident } from '../resident.js';
import { describeKernels, expectClose, randomFloats } from '../test-support.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const registered: Float32Array[] = [];
function resident(a: Float32Array): Float32Array {
  markResident(a);
  registered.push(a);
  return a;
}
afterEach(() => {
  registered.splice(0).forEach(releaseResident);
});

/** Post-ReLU-like input: `zeroEvery`-th elements (and the negative ones when relu) are zero. */
function sparseInput(n: number, seed: number, zeroEvery: number): Float32Array {
  const x = randomFloats(n, seed, -1, 1);
  for (let i = 0; i < n; i += zeroEvery) x[i] = 0;
  return x;
}

function tfDense(x: Float32Array, w: Float32Array, bias: Float32Array | null, rows: number, inDim: number, outDim: number, act: Activation): Float32Array {
  let y = tf.matMul(tf.tensor2d(x, [rows, inDim]), tf.tensor2d(w, [inDim, outDim]));
  if (bias) y = tf.add(y, tf.tensor1d(bias));
  if (act === Activation.Relu) y = tf.relu(y);
  if (act === Activation.Sigmoid) y = tf.sigmoid(y);
  if (act === Activation.Tanh) y = tf.tanh(y);
  return y.dataSync() as Float32Array;
}

function run(k: KernelSet, x: Float32Array, w: Float32Array, bias: Float32Array | null, inDim: number, outDim: number, act: Activation): Float32Array {
  const out = new Float32Array(outDim).fill(NaN);
  k.dense(x, w, bias, out, 1, inDim, outDim, act);
  return out;
}

describeKernels('dense, one row', (k) => {
  // Sizes off multiples of 4 and 8 (SIMD tails, a partial last group of rows) and a wide one.
  const shapes: Array<[number, number, number]> = [[1, 1, 2], [13, 7, 3], [37, 13, 2], [300, 67, 5], [1000, 130, 3]];
  for (const [inDim, outDim, zeroEvery] of shapes) {
    for (const act of [Activation.Linear, Activation.Relu, Activation.Sigmoid]) {
      it(`matches tf on ${inDim}→${outDim} with zero inputs, resident kernel, first and later calls (activation ${Activation[act]})`, () => {
        const x = sparseInput(inDim, inDim + outDim, zeroEvery);
        const w = resident(randomFloats(inDim * outDim, outDim, -0.5, 0.5));
        const bias = resident(randomFloats(outDim, 3));
        const want = tfDense(x, w, bias, 1, inDim, outDim, act);
        const first = run(k, x, w, bias, inDim, outDim, act);
        expectClose(first, want, 1e-4, 1e-5);
        const later = run(k, x, w, bias, inDim, outDim, act);
        expectClose(later, want, 1e-4, 1e-5);
        // The same arithmetic whether the zero rows are read or skipped.
        expect(Array.from(later).map(Math.abs)).toEqual(Array.from(first).map(Math.abs));
      });
    }
  }

  it('matches tf with an all-zero input and without a bias', () => {
    const w = resident(randomFloats(45 * 9, 4));
    for (let i = 0; i < 3; i++) expectClose(run(k, new Float32Array(45), w, null, 45, 9, Activation.Linear), new Float32Array(9));
    expectClose(run(k, sparseInput(45, 5, 2), w, null, 45, 9, Activation.Tanh), tfDense(sparseInput(45, 5, 2), w, null, 1, 45, 9, Activation.Tanh));
  });

  it('matches tf on a kernel that is not resident', () => {
    const x = sparseInput(70, 6, 2);
    const w = randomFloats(70 * 19, 7);
    for (let i = 0; i < 2; i++) expectClose(run(k, x, w, null, 70, 19, Activation.Relu), tfDense(x, w, null, 1, 70, 19, Activation.Relu));
  });

  for (const bad of [Infinity, -Infinity, NaN]) {
    it(`gives NaN where a ${bad} weight meets a zero input, on every call (0·${bad} is NaN)`, () => {
      const [inDim, outDim] = [29, 11];
      const x = sparseInput(inDim, 8, 3); // x[0], x[3], ... are zero
      const w = resident(randomFloats(inDim * outDim, 9));
      w[6 * outDim + 4] = bad; // row 6: x[6] = 0
      for (let i = 0; i < 3; i++) {
        const out = run(k, x, w, null, inDim, outDim, Activation.Linear);
        expect(out[4]).toBeNaN();
        expectClose(out.filter((_, j) => j !== 4), tfDense(x, w, null, 1, inDim, outDim, Activation.Linear).filter((_, j) => j !== 4));
      }
    });
  }

  it('notices a weight that becomes infinite after calls that skipped zero rows', () => {
    const [inDim, outDim] = [40, 6];
    const x = sparseInput(inDim, 10, 2);
    const w = resident(randomFloats(inDim * outDim, 11));
    for (let i = 0; i < 3; i++) run(k, x, w, null, inDim, outDim, Activation.Linear);
    w[2 * outDim + 1] = Infinity; // row 2: x[2] = 0
    invalidateResident(w);
    expect(run(k, x, w, null, inDim, outDim, Activation.Linear)[1]).toBeNaN();
    expect(run(k, x, w, null, inDim, outDim, Activation.Linear)[1]).toBeNaN();
    w[2 * outDim + 1] = 0.25;
    invalidateResident(w);
    for (let i = 0; i < 2; i++) expectClose(run(k, x, w, null, inDim, outDim, Activation.Linear), tfDense(x, w, null, 1, inDim, outDim, Activation.Linear));
  });

  it('gives each kernel its own state: a finite kernel does not let another one skip', () => {
    const [inDim, outDim] = [24, 5];
    const x = sparseInput(inDim, 12, 2);
    const good = resident(randomFloats(inDim * outDim, 13));
    const bad = resident(randomFloats(inDim * outDim, 14));
    bad[4 * outDim] = NaN; // row 4: x[4] = 0
    for (let i = 0; i < 3; i++) {
      expectClose(run(k, x, good, null, inDim, outDim, Activation.Linear), tfDense(x, good, null, 1, inDim, outDim, Activation.Linear));
      expect(run(k, x, bad, null, inDim, outDim, Activation.Linear)[0]).toBeNaN();
    }
  });

  it('leaves batches > 1 to the GEMM and matches tf there (rows 2, 3, 5)', () => {
    const w = resident(randomFloats(37 * 13, 15));
    for (const rows of [2, 3, 5]) {
      const x = sparseInput(rows * 37, 16 + rows, 2);
      const out = new Float32Array(rows * 13);
      k.dense(x, w, null, out, rows, 37, 13, Activation.Relu);
      expectClose(out, tfDense(x, w, null, rows, 37, 13, Activation.Relu));
    }
  });
});
