import { checkUnary } from '../checks/activations.js';
import { beginCall, bytesFor, put, space, take } from '../scratch.js';

type Relu6 = (x: number, out: number, n: number) => void;

export function relu6(x: Float32Array, out: Float32Array): void {
  checkUnary('relu6', x, out);
  const w = beginCall(bytesFor(x.length, out.length));
  const px = put(x);
  const pout = space(out.length);
  (w.relu6 as Relu6)(px, pout, x.length);
  take(pout, out);
}
