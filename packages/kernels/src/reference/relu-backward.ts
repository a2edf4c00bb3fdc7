import { checkLength } from '../check.js';

export function reluBackward(y: Float32Array, dy: Float32Array, dx: Float32Array): void {
  checkLength('reluBackward', 'dy', dy, y.length);
  checkLength('reluBackward', 'dx', dx, y.length);
  for (let i = 0; i < y.length; i++) dx[i] = y[i] > 0 ? dy[i] : 0;
}
