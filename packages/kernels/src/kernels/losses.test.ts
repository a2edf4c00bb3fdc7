import { it, expect, beforeAll } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { describeKernels, expectClose, randomFloats } from '../test-support.js';
import { KernelArgumentError } from '../check.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

// Keras/tfjs clip in float32, where 1 - 1e-7 rounds to 1 - 2^-23 ≈ 0.99999988.
const EPS = Math.fround(1e-7);
const UPPER = Math.fround(1 - 1e-7);
const clip = (p: number): number => Math.min(Math.max(p, EPS), UPPER);

/** Central differences of a float64 loss; entries listed in `skip` (clipped) are expected 0. */
function numericGrad(f: (p: Float64Array) => number, at: Float32Array, h = 1e-6): number[] {
  const p = Float64Array.from(at);
  return Array.from(p, (v, i) => {
    p[i] = v + h;
    const up = f(p);
    p[i] = v - h;
    const down = f(p);
    p[i] = v;
    return (up - down) / (2 * h);
  });
}

function categorical64(t: ArrayLike<number>, p: Float64Array, rows: number, cols: number): number {
  let total = 0;
  for (let r = 0; r < rows; r++) {
    let s = 0;
    for (let j = 0; j < cols; j++) s += p[r * cols + j];
    for (let j = 0; j < cols; j++) total -= t[r * cols + j] * Math.log(clip(p[r * cols + j] / s));
  }
  return total / rows;
}

describeKernels('losses', (k) => {
  it('binaryCrossentropy matches tf.metrics.binaryCrossentropy and finite differences', () => {
    const n = 13;
    const yTrue = randomFloats(n, 41, 0, 1).map((v) => (v > 0.5 ? 1 : 0));
    yTrue[5] = 0.3; // soft label
    const yPred = randomFloats(n, 42, 0.02, 0.98);
    const grad = new Float32Array(n);
    const loss = k.binaryCrossentropy(yTrue, yPred, grad);
    const expected = tf.metrics.binaryCrossentropy(tf.tensor1d(yTrue), tf.tensor1d(yPred)).dataSync()[0];
    expect(loss).toBeCloseTo(expected, 5);
    const f = (p: Float64Array): number => p.reduce((acc, v, i) => acc - (yTrue[i] * Math.log(clip(v)) + (1 - yTrue[i]) * Math.log(1 - clip(v))), 0) / n;
    expectClose(grad, numericGrad(f, yPred), 1e-4, 1e-6);
  });

  it('binaryCrossentropy clips to [1e-7, 1-1e-7] with zero gradient where clipped', () => {
    const yTrue = new Float32Array([1, 0, 1, 0]);
    const yPred = new Float32Array([0, 1, 1, 0.5]);
    const grad = new Float32Array(4);
    const loss = k.binaryCrossentropy(yTrue, yPred, grad);
    const expected = tf.metrics.binaryCrossentropy(tf.tensor1d(yTrue), tf.tensor1d(yPred)).dataSync()[0];
    expect(Number.isFinite(loss)).toBe(true);
    expect(loss).toBeCloseTo(expected, 5);
    expect(loss).toBeCloseTo((-Math.log(EPS) - Math.log(1 - UPPER) - Math.log(UPPER) - Math.log(0.5)) / 4, 5);
    expect(Array.from(grad.subarray(0, 3))).toEqual([0, 0, 0]);
    expect(grad[3]).toBeCloseTo(2 / 4, 6);
  });

  it('categoricalCrossentropy normalises rows, matches tf.metrics and finite differences', () => {
    const rows = 3;
    const cols = 5;
    const yTrue = new Float32Array(rows * cols);
    [1, 4, 0].forEach((c, r) => (yTrue[r * cols + c] = 1));
    yTrue[2 * cols + 3] = 0.5; // soft target too
    const yPred = randomFloats(rows * cols, 43, 0.05, 0.6); // rows do not sum to 1
    const grad = new Float32Array(rows * cols);
    const loss = k.categoricalCrossentropy(yTrue, yPred, grad, rows, cols);
    const expected = tf.mean(tf.metrics.categoricalCrossentropy(tf.tensor2d(yTrue, [rows, cols]), tf.tensor2d(yPred, [rows, cols]))).dataSync()[0];
    expect(loss).toBeCloseTo(expected, 5);
    expectClose(grad, numericGrad((p) => categorical64(yTrue, p, rows, cols), yPred), 1e-4, 1e-6);
  });

  it('categoricalCrossentropy gives zero gradient through a clipped probability', () => {
    const yTrue = new Float32Array([1, 0, 0]);
    const yPred = new Float32Array([0, 0.5, 0.5]);
    const grad = new Float32Array(3);
    const loss = k.categoricalCrossentropy(yTrue, yPred, grad, 1, 3);
    expect(loss).toBeCloseTo(-Math.log(EPS), 4);
    // a = [0 (clipped), 0, 0] so the whole row gradient is 0
    expect(Array.from(grad, Math.abs)).toEqual([0, 0, 0]);
  });

  it('sparseCategoricalCrossentropy equals categorical on one-hot labels and matches tf.metrics', () => {
    const rows = 4;
    const cols = 6;
    const labels = new Int32Array([0, 5, 2, 2]);
    const yPred = randomFloats(rows * cols, 44, 0.01, 1);
    const grad = new Float32Array(rows * cols);
    const loss = k.sparseCategoricalCrossentropy(labels, yPred, grad, rows, cols);
    // tfjs-layers' sparse loss is categorical crossentropy against one-hot labels (no tf.metrics export)
    const expected = tf.mean(tf.metrics.categoricalCrossentropy(tf.oneHot(tf.tensor1d(labels, 'int32'), cols), tf.tensor2d(yPred, [rows, cols]))).dataSync()[0];
    expect(loss).toBeCloseTo(expected, 5);
    const oneHot = new Float32Array(rows * cols);
    labels.forEach((c, r) => (oneHot[r * cols + c] = 1));
    expectClose(grad, numericGrad((p) => categorical64(oneHot, p, rows, cols), yPred), 1e-4, 1e-6);
  });

  it('sparseCategoricalCrossentropy rejects labels outside [0, cols)', () => {
    const grad = new Float32Array(6);
    expect(() => k.sparseCategoricalCrossentropy(new Int32Array([0, 3]), new Float32Array(6).fill(0.3), grad, 2, 3)).toThrow(/labels\[1\] is 3/);
    expect(() => k.sparseCategoricalCrossentropy(new Int32Array([-1, 0]), new Float32Array(6).fill(0.3), grad, 2, 3)).toThrow(KernelArgumentError);
  });

  it('meanSquaredError matches tf.losses.meanSquaredError, gradient 2(p - t)/n', () => {
    const yTrue = randomFloats(9, 45);
    const yPred = randomFloats(9, 46);
    const grad = new Float32Array(9);
    const loss = k.meanSquaredError(yTrue, yPred, grad);
    expect(loss).toBeCloseTo(tf.losses.meanSquaredError(tf.tensor1d(yTrue), tf.tensor1d(yPred)).dataSync()[0], 6);
    expectClose(grad, Array.from(yPred, (p, i) => (2 * (p - yTrue[i])) / 9), 1e-5, 1e-7);
  });

  it('rejects empty inputs and mismatched buffers', () => {
    const e = new Float32Array(0);
    expect(() => k.meanSquaredError(e, e, e)).toThrow(KernelArgumentError);
    expect(() => k.binaryCrossentropy(new Float32Array(3), new Float32Array(3), new Float32Array(2))).toThrow(KernelArgumentError);
    expect(() => k.categoricalCrossentropy(new Float32Array(6), new Float32Array(6), new Float32Array(6), 2, 4)).toThrow(KernelArgumentError);
    expect(() => k.categoricalCrossentropy(e, e, e, 0, 3)).toThrow(KernelArgumentError);
  });
});
