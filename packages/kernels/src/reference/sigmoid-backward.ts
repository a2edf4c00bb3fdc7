import { checkUnaryBackward } from '../checks/activations.js';

export function sigmoidBackward(y: Float32Array, dy: Float32Array, dx: Float32Array): void {
  checkUnaryBackward('sigmoidBackward', y, dy, dx);
  for (let i = 0; i < y.length; i++) dx[i] = dy[i] * y[i] * (1 - y[i]);
}
