import { checkUnaryBackward } from '../checks/activations.js';
import { beginCall, bytesFor, put, space, take } from '../scratch.js';

type Relu6Backward = (x: number, dy: number, dx: number, n: number) => void;

/** x is relu6's input (see KernelSet.relu6Backward). */
export function relu6Backward(x: Float32Array, dy: Float32Array, dx: Float32Array): void {
  checkUnaryBackward('relu6Backward', x, dy, dx);
  const w = beginCall(bytesFor(x.length, dy.length, dx.length));
  const px = put(x);
  const pdy = put(dy);
  const pdx = space(dx.length);
  (w.relu6_backward as Relu6Backward)(px, pdy, pdx, x.length);
  take(pdx, dx);
}
