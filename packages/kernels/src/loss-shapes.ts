import { checkDim, checkLength, KernelArgumentError } from './check.js';

/**
 * Keras/tfjs-layers clip probabilities to [epsilon(), 1 - epsilon()] with epsilon() = 1e-7, in
 * float32: the bounds are the float32 roundings, and 1 - 1e-7 rounds to 1 - 2^-23.
 */
export const EPSILON = Math.fround(1e-7);
export const UPPER = Math.fround(1 - 1e-7);

/** Checks an element-wise loss: yTrue, yPred and grad of one non-zero length. */
export function checkPairLoss(kernel: string, yTrue: Float32Array, yPred: Float32Array, grad: Float32Array): void {
  if (yPred.length === 0) throw new KernelArgumentError(`${kernel}: yPred is empty; a mean loss needs at least one element.`);
  checkLength(kernel, 'yTrue', yTrue, yPred.length);
  checkLength(kernel, 'grad', grad, yPred.length);
}

/** Checks a row-wise loss over [rows, cols] predictions. */
export function checkRowLoss(kernel: string, yPred: Float32Array, grad: Float32Array, rows: number, cols: number): void {
  checkDim(kernel, 'rows', rows, 1);
  checkDim(kernel, 'cols', cols, 1);
  checkLength(kernel, 'yPred', yPred, rows * cols);
  checkLength(kernel, 'grad', grad, rows * cols);
}
