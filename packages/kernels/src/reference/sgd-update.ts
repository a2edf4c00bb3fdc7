import { checkSgdUpdate } from '../checks/optimizers.js';

/** Keras SGD: v = momentum·v - lr·g; p += v (nesterov: p += momentum·v - lr·g). */
export function sgdUpdate(param: Float32Array, grad: Float32Array, velocity: Float32Array, lr: number, momentum: number, nesterov: boolean): void {
  checkSgdUpdate(param, grad, velocity);
  for (let i = 0; i < param.length; i++) {
    const v = momentum * velocity[i] - lr * grad[i];
    velocity[i] = v;
    param[i] += nesterov ? momentum * v - lr * grad[i] : v;
  }
}
