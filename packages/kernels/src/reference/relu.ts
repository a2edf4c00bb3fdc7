import { checkUnary } from '../checks/activations.js';

export function relu(x: Float32Array, out: Float32Array): void {
  checkUnary('relu', x, out);
  for (let i = 0; i < x.length; i++) out[i] = x[i] > 0 ? x[i] : 0;
}
