import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as tfl from '@tensorflow/tfjs-layers';
import { setBackend } from '@neurite/kernels';
import { beforeAll, describe, expect, it } from 'vitest';
import { ShapeError, UnknownNameError, ValueError } from '../errors.js';
import { valueAndGrads } from '../tape.js';
import { tensor, type Tensor } from '../tensor.js';
import { get } from './index.js';

setBackend('reference');

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** Mean of a tfjs-layers per-sample loss and its gradient w.r.t. yPred: the oracle. */
function oracle(fn: (t: tf.Tensor, p: tf.Tensor) => tf.Tensor, yTrue: number[][], yPred: number[][]): { loss: number; grad: Float32Array } {
  const t = tf.tensor2d(yTrue);
  const g = tf.valueAndGrad((p: tf.Tensor) => tf.mean(fn(t, p)) as tf.Scalar);
  const { value, grad } = g(tf.tensor2d(yPred));
  return { loss: value.dataSync()[0], grad: grad.dataSync() as Float32Array };
}

function ours(name: string, yTrue: Tensor, yPred: number[][]): { loss: number; grad: Float32Array } {
  const p = tensor(yPred);
  const { value, grads } = valueAndGrads(() => get(name)(yTrue, p), [p]);
  return { loss: value.data[0], grad: grads[0].data as Float32Array };
}

function expectClose(a: ArrayLike<number>, b: ArrayLike<number>, tol = 1e-5): void {
  expect(a.length).toBe(b.length);
  for (let i = 0; i < a.length; i++) expect(Math.abs(a[i] - b[i])).toBeLessThanOrEqual(tol);
}

const probs = [
  [0.9, 0.05, 0.05],
  [0.2, 0.5, 0.3],
  [0.1, 0.1, 0.8],
  [0.3, 0.3, 0.4],
  [0.6, 0.3, 0.1],
];
const oneHot = [
  [1, 0, 0],
  [0, 0, 1],
  [0, 0, 1],
  [0, 1, 0],
  [1, 0, 0],
];

describe('losses against tfjs-layers', () => {
  it('binary_crossentropy: value and gradient', () => {
    const yTrue = [[1], [0], [1], [0], [1]];
    const yPred = [[0.9], [0.2], [0.4], [0.7], [0.55]];
    const o = oracle(tfl.metrics.binaryCrossentropy, yTrue, yPred);
    for (const name of ['binary_crossentropy', 'binaryCrossentropy']) {
      const r = ours(name, tensor(yTrue), yPred);
      expect(r.loss).toBeCloseTo(o.loss, 5);
      expectClose(r.grad, o.grad);
    }
  });

  it('categorical_crossentropy: value and gradient', () => {
    const o = oracle(tfl.metrics.categoricalCrossentropy, oneHot, probs);
    for (const name of ['categorical_crossentropy', 'categoricalCrossentropy']) {
      const r = ours(name, tensor(oneHot), probs);
      expect(r.loss).toBeCloseTo(o.loss, 5);
      expectClose(r.grad, o.grad);
    }
  });

  it('sparse_categorical_crossentropy equals categorical on one-hot targets, labels [n] or [n,1]', () => {
    const o = oracle(tfl.metrics.categoricalCrossentropy, oneHot, probs);
    for (const labels of [tensor([0, 2, 2, 1, 0]), tensor([[0], [2], [2], [1], [0]]), tensor([0, 2, 2, 1, 0], [5], 'int32')]) {
      const r = ours('sparseCategoricalCrossentropy', labels, probs);
      expect(r.loss).toBeCloseTo(o.loss, 5);
      expectClose(r.grad, o.grad);
    }
  });

  it('mse / mean_squared_error: value and gradient', () => {
    const yTrue = [[1, 2], [3, 4], [0.5, -1]];
    const yPred = [[1.5, 1], [2, 4.5], [0, 0]];
    const o = oracle(tfl.metrics.meanSquaredError, yTrue, yPred);
    for (const name of ['mse', 'mean_squared_error', 'meanSquaredError', 'MSE']) {
      const r = ours(name, tensor(yTrue), yPred);
      expect(r.loss).toBeCloseTo(o.loss, 5);
      expectClose(r.grad, o.grad);
    }
  });

  it('scales the gradient by the upstream dy', () => {
    const p = tensor([[0.3], [0.8]]);
    const t = tensor([[1], [0]]);
    const base = valueAndGrads(() => get('mse')(t, p), [p]).grads[0].data;
    const scaled = valueAndGrads(() => get('mse')(t, p), [p], tensor(3)).grads[0].data;
    expectClose(scaled, Array.from(base, (g) => 3 * g), 1e-6);
  });
});

describe('loss lookup and validation', () => {
  it('lists the known names for an unknown one', () => {
    expect(() => get('hinge')).toThrow(UnknownNameError);
    expect(() => get('hinge')).toThrow(/Unknown loss function 'hinge'\. Known loss functions: binary_crossentropy, binaryCrossentropy, categorical_crossentropy/);
  });

  it('passes a loss function through', () => {
    const fn = (t: Tensor, p: Tensor): Tensor => get('mse')(t, p);
    expect(get(fn)).toBe(fn);
  });

  it('rejects mismatched shapes with a ShapeError naming both', () => {
    expect(() => get('binary_crossentropy')(tensor([[1], [0]]), tensor([[0.5], [0.5], [0.5]]))).toThrow(ShapeError);
    expect(() => get('mse')(tensor([[1, 2]]), tensor([[1], [2]]))).toThrow(/\[1, 2\].*\[2, 1\]/);
    expect(() => get('categorical_crossentropy')(tensor([0, 2, 2, 1, 0]), tensor(probs))).toThrow(/sparse_categorical_crossentropy/);
  });

  it('accepts targets [n] for predictions [n, 1] like Keras', () => {
    expect(get('binary_crossentropy')(tensor([1, 0]), tensor([[0.5], [0.5]])).data[0]).toBeCloseTo(Math.LN2, 5);
  });

  it('rejects labels outside [0, classes) and non-integers', () => {
    expect(() => get('sparse_categorical_crossentropy')(tensor([0, 3, 1, 1, 1]), tensor(probs))).toThrow(ValueError);
    expect(() => get('sparse_categorical_crossentropy')(tensor([0, 1.5, 1, 1, 1]), tensor(probs))).toThrow(/whole numbers in \[0, 3\)/);
  });
});
