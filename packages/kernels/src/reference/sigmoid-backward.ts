import { checkLength } from '../check.js';

export function sigmoidBackward(y: Float32Array, dy: Float32Array, dx: Float32Array): void {
  checkLength('sigmoidBackward', 'dy', dy, y.length);
  checkLength('sigmoidBackward', 'dx', dx, y.length);
  for (let i = 0; i < y.length; i++) dx[i] = dy[i] * y[i] * (1 - y[i]);
}
