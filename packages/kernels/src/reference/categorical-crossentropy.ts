import { checkCategoricalCrossentropy } from '../checks/losses.js';
import { crossentropyRow } from './crossentropy-row.js';

/** Keras categorical_crossentropy on probabilities: rows normalised to sum 1, clipped, mean over rows. */
export function categoricalCrossentropy(yTrue: Float32Array, yPred: Float32Array, grad: Float32Array, rows: number, cols: number): number {
  checkCategoricalCrossentropy(yTrue, yPred, grad, rows, cols);
  let sum = 0;
  for (let r = 0; r < rows; r++) sum += crossentropyRow((j) => yTrue[r * cols + j], yPred, grad, r * cols, cols, rows);
  return sum / rows;
}
