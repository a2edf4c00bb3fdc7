import { checkLength } from '../check.js';

export function tanhBackward(y: Float32Array, dy: Float32Array, dx: Float32Array): void {
  checkLength('tanhBackward', 'dy', dy, y.length);
  checkLength('tanhBackward', 'dx', dx, y.length);
  for (let i = 0; i < y.length; i++) dx[i] = dy[i] * (1 - y[i] * y[i]);
}
