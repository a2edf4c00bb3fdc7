import { checkAdamUpdate } from '../checks/optimizers.js';

/** tfjs Adam: m̂ = m/(1-β1^t), v̂ = v/(1-β2^t), p -= lr·m̂/(√v̂+ε); AdamW decay p -= lr·wd·p first. */
export function adamUpdate(param: Float32Array, grad: Float32Array, m: Float32Array, v: Float32Array, lr: number, beta1: number, beta2: number, epsilon: number, step: number, weightDecay: number): void {
  checkAdamUpdate(param, grad, m, v, step);
  const c1 = 1 - Math.pow(beta1, step);
  const c2 = 1 - Math.pow(beta2, step);
  for (let i = 0; i < param.length; i++) {
    const g = grad[i];
    m[i] = beta1 * m[i] + (1 - beta1) * g;
    v[i] = beta2 * v[i] + (1 - beta2) * g * g;
    let p = param[i];
    if (weightDecay > 0) p -= lr * weightDecay * p;
    param[i] = p - (lr * (m[i] / c1)) / (Math.sqrt(v[i] / c2) + epsilon);
  }
}
