import { checkSoftmaxBackward } from '../checks/activations.js';
import { beginCall, bytesFor, put, space, take } from '../scratch.js';

type SoftmaxBackward = (y: number, dy: number, dx: number, rows: number, cols: number) => void;

export function softmaxBackward(y: Float32Array, dy: Float32Array, dx: Float32Array, rows: number, cols: number): void {
  checkSoftmaxBackward(y, dy, dx, rows, cols);
  const w = beginCall(bytesFor(y.length, dy.length, dx.length));
  const py = put(y);
  const pdy = put(dy);
  const pdx = space(dx.length);
  (w.softmax_backward as SoftmaxBackward)(py, pdy, pdx, rows, cols);
  take(pdx, dx);
}
