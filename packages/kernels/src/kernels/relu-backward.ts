import { checkUnaryBackward } from '../checks/activations.js';
import { beginCall, bytesFor, put, space, take } from '../scratch.js';

type ReluBackward = (y: number, dy: number, dx: number, n: number) => void;

export function reluBackward(y: Float32Array, dy: Float32Array, dx: Float32Array): void {
  checkUnaryBackward('reluBackward', y, dy, dx);
  const w = beginCall(bytesFor(y.length, dy.length, dx.length));
  const py = put(y);
  const pdy = put(dy);
  const pdx = space(dx.length);
  (w.relu_backward as ReluBackward)(py, pdy, pdx, y.length);
  take(pdx, dx);
}
