import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as tfl from '@tensorflow/tfjs-layers';
import { setBackend } from '@neurite/kernels';
import { beforeAll, describe, expect, it } from 'vitest';
import { ShapeError, UnknownNameError } from '../errors.js';
import { tensor } from '../tensor.js';
import { binaryAccuracy, categoricalAccuracy, get, sparseCategoricalAccuracy } from './index.js';

setBackend('reference');

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const tfMean = (t: tf.Tensor): number => tf.mean(t).dataSync()[0];

const binTrue = [[1], [0], [1], [0], [1], [1], [0]];
const binPred = [[0.9], [0.2], [0.4], [0.7], [0.55], [0.5], [0.5]];
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
const labels = [0, 2, 2, 1, 0];

describe('accuracy metrics against tfjs-layers', () => {
  it('binary accuracy (threshold 0.5, 0.5 counts as 0)', () => {
    const expected = tfMean(tfl.metrics.binaryAccuracy(tf.tensor2d(binTrue), tf.tensor2d(binPred)));
    expect(binaryAccuracy(tensor(binTrue), tensor(binPred))).toBeCloseTo(expected, 6);
    expect(binaryAccuracy(tensor(binTrue), tensor(binPred))).toBeCloseTo(4 / 7, 6);
  });

  it('categorical accuracy', () => {
    const expected = tfMean(tfl.metrics.categoricalAccuracy(tf.tensor2d(oneHot), tf.tensor2d(probs)));
    expect(categoricalAccuracy(tensor(oneHot), tensor(probs))).toBeCloseTo(expected, 6);
    expect(expected).toBeCloseTo(3 / 5, 6);
  });

  it('sparse categorical accuracy, labels [n] or [n, 1]', () => {
    const expected = tfMean(tfl.metrics.sparseCategoricalAccuracy(tf.tensor2d(labels, [5, 1]), tf.tensor2d(probs)));
    expect(sparseCategoricalAccuracy(tensor(labels), tensor(probs))).toBeCloseTo(expected, 6);
    expect(sparseCategoricalAccuracy(tensor(labels, [5, 1]), tensor(probs))).toBeCloseTo(3 / 5, 6);
  });

  it('reports shape mismatches as ShapeError', () => {
    expect(() => categoricalAccuracy(tensor(labels), tensor(probs))).toThrow(ShapeError);
    expect(() => binaryAccuracy(tensor([1, 0]), tensor([[0.3]]))).toThrow(ShapeError);
  });
});

describe('metrics.get', () => {
  it("resolves 'accuracy' and 'acc' from the loss like Keras, keeping the given name", () => {
    const bin = get('accuracy', 'binary_crossentropy');
    expect(bin.name).toBe('accuracy');
    expect(bin.fn(tensor(binTrue), tensor(binPred))).toBeCloseTo(4 / 7, 6);

    const cat = get('acc', 'categoricalCrossentropy');
    expect(cat.name).toBe('acc');
    expect(cat.fn(tensor(oneHot), tensor(probs))).toBeCloseTo(3 / 5, 6);

    const sparse = get('accuracy', 'sparse_categorical_crossentropy');
    expect(sparse.fn(tensor(labels), tensor(probs))).toBeCloseTo(3 / 5, 6);
  });

  it("picks the accuracy variant from shapes when the loss does not say (e.g. 'mse')", () => {
    const acc = get('accuracy', 'mse').fn;
    expect(acc(tensor(binTrue), tensor(binPred))).toBeCloseTo(4 / 7, 6);
    expect(acc(tensor(oneHot), tensor(probs))).toBeCloseTo(3 / 5, 6);
    expect(acc(tensor(labels), tensor(probs))).toBeCloseTo(3 / 5, 6);
  });

  it('accepts explicit accuracy names in both cases, and loss names as metrics', () => {
    expect(get('binaryAccuracy').fn(tensor(binTrue), tensor(binPred))).toBeCloseTo(4 / 7, 6);
    expect(get('sparse_categorical_accuracy').fn(tensor(labels), tensor(probs))).toBeCloseTo(3 / 5, 6);
    const mse = get('mse');
    expect(mse.name).toBe('mse');
    expect(mse.fn(tensor([[1], [3]]), tensor([[2], [3]]))).toBeCloseTo(0.5, 6);
  });

  it('wraps a custom metric function, using its name', () => {
    function meanPrediction(_t: unknown, p: { data: ArrayLike<number> }): number {
      return Array.from(p.data).reduce((a, b) => a + b, 0) / p.data.length;
    }
    const m = get(meanPrediction as never);
    expect(m.name).toBe('meanPrediction');
    expect(m.fn(tensor([1, 0]), tensor([0.25, 0.75]))).toBeCloseTo(0.5, 6);
  });

  it('lists the known names for an unknown one', () => {
    expect(() => get('f1')).toThrow(UnknownNameError);
    expect(() => get('f1')).toThrow(/Unknown metric 'f1'\. Known metrics: accuracy, acc, binary_accuracy/);
  });
});
