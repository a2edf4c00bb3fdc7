import { checkUnary } from '../checks/activations.js';

export function sigmoid(x: Float32Array, out: Float32Array): void {
  checkUnary('sigmoid', x, out);
  for (let i = 0; i < x.length; i++) out[i] = 1 / (1 + Math.exp(-x[i]));
}
