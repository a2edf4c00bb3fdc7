import { checkUnaryBackward } from '../checks/activations.js';

/** x is relu6's input (see KernelSet.relu6Backward). */
export function relu6Backward(x: Float32Array, dy: Float32Array, dx: Float32Array): void {
  checkUnaryBackward('relu6Backward', x, dy, dx);
  for (let i = 0; i < x.length; i++) dx[i] = x[i] > 0 && x[i] <= 6 ? dy[i] : 0;
}
