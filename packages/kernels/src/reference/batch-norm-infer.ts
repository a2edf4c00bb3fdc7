import { checkBatchNormInfer } from '../checks/batch-norm.js';

/** out = gamma·(x - mean)/sqrt(variance + epsilon) + beta with the given (moving) statistics. */
export function batchNormInfer(x: Float32Array, gamma: Float32Array, beta: Float32Array, mean: Float32Array, variance: Float32Array, out: Float32Array, rows: number, channels: number, epsilon: number): void {
  checkBatchNormInfer(x, gamma, beta, mean, variance, out, rows, channels, epsilon);
  for (let c = 0; c < channels; c++) {
    const scale = gamma[c] / Math.sqrt(variance[c] + epsilon);
    for (let r = 0; r < rows; r++) out[r * channels + c] = (x[r * channels + c] - mean[c]) * scale + beta[c];
  }
}
