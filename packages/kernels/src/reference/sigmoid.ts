import { checkLength } from '../check.js';

export function sigmoid(x: Float32Array, out: Float32Array): void {
  checkLength('sigmoid', 'out', out, x.length);
  for (let i = 0; i < x.length; i++) out[i] = 1 / (1 + Math.exp(-x[i]));
}
