import { checkUnaryBackward } from '../checks/activations.js';

export function tanhBackward(y: Float32Array, dy: Float32Array, dx: Float32Array): void {
  checkUnaryBackward('tanhBackward', y, dy, dx);
  for (let i = 0; i < y.length; i++) dx[i] = dy[i] * (1 - y[i] * y[i]);
}
