import { checkSparseCategoricalCrossentropy } from '../checks/losses.js';
import { crossentropyRow } from './crossentropy-row.js';

/** Keras sparse_categorical_crossentropy: categorical crossentropy against one-hot(labels). */
export function sparseCategoricalCrossentropy(labels: Int32Array, yPred: Float32Array, grad: Float32Array, rows: number, cols: number): number {
  checkSparseCategoricalCrossentropy(labels, yPred, grad, rows, cols);
  let sum = 0;
  for (let r = 0; r < rows; r++) sum += crossentropyRow((j) => (j === labels[r] ? 1 : 0), yPred, grad, r * cols, cols, rows);
  return sum / rows;
}
