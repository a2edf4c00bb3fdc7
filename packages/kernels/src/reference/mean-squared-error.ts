import { checkPairLoss } from '../checks/losses.js';

export function meanSquaredError(yTrue: Float32Array, yPred: Float32Array, grad: Float32Array): number {
  checkPairLoss('meanSquaredError', yTrue, yPred, grad);
  const n = yPred.length;
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const d = yPred[i] - yTrue[i];
    sum += d * d;
    grad[i] = (2 * d) / n;
  }
  return sum / n;
}
