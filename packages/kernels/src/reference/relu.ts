import { checkLength } from '../check.js';

export function relu(x: Float32Array, out: Float32Array): void {
  checkLength('relu', 'out', out, x.length);
  for (let i = 0; i < x.length; i++) out[i] = x[i] > 0 ? x[i] : 0;
}
