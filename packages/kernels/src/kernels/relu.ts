import { checkUnary } from '../checks/activations.js';
import { beginCall, bytesFor, put, space, take } from '../scratch.js';

type Relu = (x: number, out: number, n: number) => void;

export function relu(x: Float32Array, out: Float32Array): void {
  checkUnary('relu', x, out);
  const w = beginCall(bytesFor(x.length, out.length));
  const px = put(x);
  const pout = space(out.length);
  (w.relu as Relu)(px, pout, x.length);
  take(pout, out);
}
