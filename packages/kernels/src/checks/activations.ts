/** Contracts of the activation kernels: relu, relu6, sigmoid, tanh, softmax and their backward passes. */
import { checkDim, checkLength } from '../check.js';

/** relu, relu6, sigmoid, tanh: out has x's length. */
export function checkUnary(kernel: 'relu' | 'relu6' | 'sigmoid' | 'tanh', x: Float32Array, out: Float32Array): void {
  checkLength(kernel, 'out', out, x.length);
}

/** reluBackward, relu6Backward, sigmoidBackward, tanhBackward: dy and dx have the length of y (relu6Backward: of x). */
export function checkUnaryBackward(kernel: 'reluBackward' | 'relu6Backward' | 'sigmoidBackward' | 'tanhBackward', y: Float32Array, dy: Float32Array, dx: Float32Array): void {
  checkLength(kernel, 'dy', dy, y.length);
  checkLength(kernel, 'dx', dx, y.length);
}

/** softmax: x and out are [rows, cols]. */
export function checkSoftmax(x: Float32Array, out: Float32Array, rows: number, cols: number): void {
  checkRows('softmax', rows, cols, [['x', x], ['out', out]]);
}

/** softmaxBackward: y, dy and dx are [rows, cols]. */
export function checkSoftmaxBackward(y: Float32Array, dy: Float32Array, dx: Float32Array, rows: number, cols: number): void {
  checkRows('softmaxBackward', rows, cols, [['y', y], ['dy', dy], ['dx', dx]]);
}

function checkRows(kernel: string, rows: number, cols: number, arrays: ReadonlyArray<readonly [string, Float32Array]>): void {
  checkDim(kernel, 'rows', rows);
  checkDim(kernel, 'cols', cols);
  for (const [name, a] of arrays) checkLength(kernel, name, a, rows * cols);
}
