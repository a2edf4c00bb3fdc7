/** Contracts of the loss kernels. */
import { KernelArgumentError, checkDim, checkIndices, checkLength } from '../check.js';

/** binaryCrossentropy, meanSquaredError: yTrue, yPred and grad of one non-zero length. */
export function checkPairLoss(kernel: 'binaryCrossentropy' | 'meanSquaredError', yTrue: Float32Array, yPred: Float32Array, grad: Float32Array): void {
  if (yPred.length === 0) throw new KernelArgumentError(`${kernel}: yPred is empty; a mean loss needs at least one element.`);
  checkLength(kernel, 'yTrue', yTrue, yPred.length);
  checkLength(kernel, 'grad', grad, yPred.length);
}

/** yTrue, yPred and grad are [rows, cols]. */
export function checkCategoricalCrossentropy(yTrue: Float32Array, yPred: Float32Array, grad: Float32Array, rows: number, cols: number): void {
  checkRowLoss('categoricalCrossentropy', yPred, grad, rows, cols);
  checkLength('categoricalCrossentropy', 'yTrue', yTrue, rows * cols);
}

/** labels [rows] are class indices in [0, cols); yPred and grad are [rows, cols]. */
export function checkSparseCategoricalCrossentropy(labels: Int32Array, yPred: Float32Array, grad: Float32Array, rows: number, cols: number): void {
  checkRowLoss('sparseCategoricalCrossentropy', yPred, grad, rows, cols);
  checkLength('sparseCategoricalCrossentropy', 'labels', labels, rows);
  checkIndices('sparseCategoricalCrossentropy', 'labels', labels, cols);
}

function checkRowLoss(kernel: string, yPred: Float32Array, grad: Float32Array, rows: number, cols: number): void {
  checkDim(kernel, 'rows', rows, 1);
  checkDim(kernel, 'cols', cols, 1);
  checkLength(kernel, 'yPred', yPred, rows * cols);
  checkLength(kernel, 'grad', grad, rows * cols);
}
