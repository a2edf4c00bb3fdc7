import { checkRmspropUpdate } from '../checks/optimizers.js';

/** tfjs RMSprop (not centered): ms = ρ·ms + (1-ρ)g²; mom = momentum·mom + lr·g/√(ms+ε); p -= mom. */
export function rmspropUpdate(param: Float32Array, grad: Float32Array, meanSquare: Float32Array, momentumBuf: Float32Array, lr: number, rho: number, momentum: number, epsilon: number): void {
  checkRmspropUpdate(param, grad, meanSquare, momentumBuf);
  for (let i = 0; i < param.length; i++) {
    const g = grad[i];
    meanSquare[i] = rho * meanSquare[i] + (1 - rho) * g * g;
    momentumBuf[i] = momentum * momentumBuf[i] + (lr * g) / Math.sqrt(meanSquare[i] + epsilon);
    param[i] -= momentumBuf[i];
  }
}
