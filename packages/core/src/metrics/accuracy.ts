/** Accuracy metrics (Keras semantics); each returns the batch mean as a number. */
import { ShapeError, ValueError, formatShape } from '../errors.js';
import type { Tensor } from '../tensor.js';

/** A metric: (yTrue, yPred) → mean over the batch. */
export type MetricFn = (yTrue: Tensor, yPred: Tensor) => number;

function nonEmpty(metric: string, yPred: Tensor): void {
  if (yPred.size === 0) throw new ValueError(`${metric}: the batch is empty.`);
}

/** Fraction of elements where (yPred > threshold) equals yTrue (Keras binary_accuracy). */
export function binaryAccuracy(yTrue: Tensor, yPred: Tensor, threshold = 0.5): number {
  nonEmpty('binary_accuracy', yPred);
  if (yTrue.size !== yPred.size) {
    throw new ShapeError(`binary_accuracy: targets have shape ${formatShape(yTrue.shape)} but predictions have shape ${formatShape(yPred.shape)}.`);
  }
  let hits = 0;
  for (let i = 0; i < yPred.size; i++) if ((yPred.data[i] > threshold ? 1 : 0) === yTrue.data[i]) hits++;
  return hits / yPred.size;
}

/** Index of the first maximum of row r. */
function argmax(data: ArrayLike<number>, offset: number, cols: number): number {
  let best = 0;
  for (let j = 1; j < cols; j++) if (data[offset + j] > data[offset + best]) best = j;
  return best;
}

function rowsCols(metric: string, yPred: Tensor): [number, number] {
  nonEmpty(metric, yPred);
  if (yPred.rank < 2) throw new ShapeError(`${metric} needs predictions of shape [batch, classes], got ${formatShape(yPred.shape)}.`);
  const cols = yPred.shape[yPred.rank - 1];
  return [yPred.size / cols, cols];
}

/** Fraction of rows where argmax(yPred) equals argmax(yTrue) (one-hot targets). */
export function categoricalAccuracy(yTrue: Tensor, yPred: Tensor): number {
  const [rows, cols] = rowsCols('categorical_accuracy', yPred);
  if (yTrue.size !== yPred.size) {
    throw new ShapeError(`categorical_accuracy: one-hot targets of shape ${formatShape(yPred.shape)} expected, got ${formatShape(yTrue.shape)}.`);
  }
  let hits = 0;
  for (let r = 0; r < rows; r++) if (argmax(yPred.data, r * cols, cols) === argmax(yTrue.data, r * cols, cols)) hits++;
  return hits / rows;
}

/** Fraction of rows where argmax(yPred) equals the integer label (targets [batch] or [batch, 1]). */
export function sparseCategoricalAccuracy(yTrue: Tensor, yPred: Tensor): number {
  const [rows, cols] = rowsCols('sparse_categorical_accuracy', yPred);
  if (yTrue.size !== rows) {
    throw new ShapeError(`sparse_categorical_accuracy: one class index per row (${rows}) expected, got targets of shape ${formatShape(yTrue.shape)}.`);
  }
  let hits = 0;
  for (let r = 0; r < rows; r++) if (argmax(yPred.data, r * cols, cols) === yTrue.data[r]) hits++;
  return hits / rows;
}

/**
 * Keras' plain 'accuracy' when the loss does not decide: binary for a single output per row,
 * sparse when targets hold one value per row, categorical otherwise.
 */
export function accuracy(yTrue: Tensor, yPred: Tensor): number {
  const cols = yPred.rank === 0 ? 1 : yPred.shape[yPred.rank - 1];
  if (cols === 1 || yPred.rank < 2) return binaryAccuracy(yTrue, yPred);
  if (yTrue.size * cols === yPred.size) return sparseCategoricalAccuracy(yTrue, yPred);
  return categoricalAccuracy(yTrue, yPred);
}
