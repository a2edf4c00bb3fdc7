import { checkBatchNormTrain } from '../checks/batch-norm.js';

/** Per-channel batch mean and biased variance over rows; out = gamma·(x - mean)/sqrt(var + eps) + beta. */
export function batchNormTrain(x: Float32Array, gamma: Float32Array, beta: Float32Array, out: Float32Array, mean: Float32Array, variance: Float32Array, rows: number, channels: number, epsilon: number): void {
  checkBatchNormTrain(x, gamma, beta, out, mean, variance, rows, channels, epsilon);
  const sum = new Float64Array(channels);
  for (let r = 0; r < rows; r++) for (let c = 0; c < channels; c++) sum[c] += x[r * channels + c];
  for (let c = 0; c < channels; c++) sum[c] /= rows;
  const sq = new Float64Array(channels);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < channels; c++) {
      const d = x[r * channels + c] - sum[c];
      sq[c] += d * d;
    }
  }
  for (let c = 0; c < channels; c++) {
    mean[c] = sum[c];
    variance[c] = sq[c] / rows;
    const scale = gamma[c] / Math.sqrt(sq[c] / rows + epsilon);
    for (let r = 0; r < rows; r++) out[r * channels + c] = (x[r * channels + c] - sum[c]) * scale + beta[c];
  }
}
