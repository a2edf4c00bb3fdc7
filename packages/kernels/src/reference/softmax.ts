import { checkSoftmax } from '../checks/activations.js';

export function softmax(x: Float32Array, out: Float32Array, rows: number, cols: number): void {
  checkSoftmax(x, out, rows, cols);
  for (let r = 0; r < rows; r++) {
    const o = r * cols;
    let max = -Infinity;
    for (let j = 0; j < cols; j++) max = Math.max(max, x[o + j]);
    let sum = 0;
    for (let j = 0; j < cols; j++) {
      const e = Math.exp(x[o + j] - max);
      out[o + j] = e;
      sum += e;
    }
    for (let j = 0; j < cols; j++) out[o + j] /= sum;
  }
}
