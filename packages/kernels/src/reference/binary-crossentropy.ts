import { checkPairLoss } from '../checks/losses.js';
import { EPSILON, UPPER } from './probability-clip.js';

/** Keras binary_crossentropy: p clipped to [ε, 1-ε] (float32 bounds); the gradient is 0 where p was clipped. */
export function binaryCrossentropy(yTrue: Float32Array, yPred: Float32Array, grad: Float32Array): number {
  checkPairLoss('binaryCrossentropy', yTrue, yPred, grad);
  const n = yPred.length;
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const t = yTrue[i];
    const raw = yPred[i];
    const p = Math.min(Math.max(raw, EPSILON), UPPER);
    sum -= t * Math.log(p) + (1 - t) * Math.log(1 - p);
    grad[i] = raw < EPSILON || raw > UPPER ? 0 : (-t / p + (1 - t) / (1 - p)) / n;
  }
  return sum / n;
}
