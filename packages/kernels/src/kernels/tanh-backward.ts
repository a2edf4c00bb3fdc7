import { checkUnaryBackward } from '../checks/activations.js';
import { beginCall, bytesFor, put, space, take } from '../scratch.js';

type Backward = (y: number, dy: number, dx: number, n: number) => void;

export function tanhBackward(y: Float32Array, dy: Float32Array, dx: Float32Array): void {
  checkUnaryBackward('tanhBackward', y, dy, dx);
  const w = beginCall(bytesFor(y.length, dy.length, dx.length));
  const py = put(y);
  const pdy = put(dy);
  const pdx = space(dx.length);
  (w.tanh_backward as Backward)(py, pdy, pdx, y.length);
  take(pdx, dx);
}
