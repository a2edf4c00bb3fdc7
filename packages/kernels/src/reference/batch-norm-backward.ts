import { checkBatchNormBackward } from '../checks/batch-norm.js';

/**
 * Backward of batchNormTrain with x̂ = (x - mean)·invStd, invStd = 1/sqrt(var + eps), N = rows:
 * dbeta = Σ dy, dgamma = Σ dy·x̂, dx = gamma·invStd/N · (N·dy - dbeta - x̂·dgamma).
 */
export function batchNormBackward(x: Float32Array, dy: Float32Array, gamma: Float32Array, mean: Float32Array, variance: Float32Array, dx: Float32Array, dgamma: Float32Array, dbeta: Float32Array, rows: number, channels: number, epsilon: number): void {
  checkBatchNormBackward(x, dy, gamma, mean, variance, dx, dgamma, dbeta, rows, channels, epsilon);
  for (let c = 0; c < channels; c++) {
    const invStd = 1 / Math.sqrt(variance[c] + epsilon);
    let sumDy = 0;
    let sumDyXhat = 0;
    for (let r = 0; r < rows; r++) {
      const i = r * channels + c;
      sumDy += dy[i];
      sumDyXhat += dy[i] * (x[i] - mean[c]) * invStd;
    }
    const k = (gamma[c] * invStd) / rows;
    for (let r = 0; r < rows; r++) {
      const i = r * channels + c;
      dx[i] = k * (rows * dy[i] - sumDy - (x[i] - mean[c]) * invStd * sumDyXhat);
    }
    dgamma[c] = sumDyXhat;
    dbeta[c] = sumDy;
  }
}
