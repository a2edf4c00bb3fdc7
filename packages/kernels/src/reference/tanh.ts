import { checkLength } from '../check.js';

export function tanh(x: Float32Array, out: Float32Array): void {
  checkLength('tanh', 'out', out, x.length);
  for (let i = 0; i < x.length; i++) out[i] = Math.tanh(x[i]);
}
