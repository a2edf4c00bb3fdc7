import { checkSoftmax } from '../checks/activations.js';
import { beginCall, bytesFor, put, space, take } from '../scratch.js';

type Softmax = (x: number, out: number, rows: number, cols: number) => void;

export function softmax(x: Float32Array, out: Float32Array, rows: number, cols: number): void {
  checkSoftmax(x, out, rows, cols);
  const w = beginCall(bytesFor(x.length, out.length));
  const px = put(x);
  const pout = space(out.length);
  (w.softmax as Softmax)(px, pout, rows, cols);
  take(pout, out);
}
