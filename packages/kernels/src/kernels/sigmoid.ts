import { checkUnary } from '../checks/activations.js';
import { beginCall, bytesFor, put, space, take } from '../scratch.js';

type Unary = (x: number, out: number, n: number) => void;

export function sigmoid(x: Float32Array, out: Float32Array): void {
  checkUnary('sigmoid', x, out);
  const w = beginCall(bytesFor(x.length, out.length));
  const px = put(x);
  const pout = space(out.length);
  (w.sigmoid as Unary)(px, pout, x.length);
  take(pout, out);
}
