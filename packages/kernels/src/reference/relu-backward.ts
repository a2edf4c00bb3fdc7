import { checkUnaryBackward } from '../checks/activations.js';

export function reluBackward(y: Float32Array, dy: Float32Array, dx: Float32Array): void {
  checkUnaryBackward('reluBackward', y, dy, dx);
  for (let i = 0; i < y.length; i++) dx[i] = y[i] > 0 ? dy[i] : 0;
}
