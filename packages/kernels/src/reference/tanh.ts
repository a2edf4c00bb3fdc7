import { checkUnary } from '../checks/activations.js';

export function tanh(x: Float32Array, out: Float32Array): void {
  checkUnary('tanh', x, out);
  for (let i = 0; i < x.length; i++) out[i] = Math.tanh(x[i]);
}
