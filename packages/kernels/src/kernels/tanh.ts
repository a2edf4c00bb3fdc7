import { checkLength } from '../check.js';
import { beginCall, bytesFor, put, space, take } from '../scratch.js';

type Unary = (x: number, out: number, n: number) => void;

export function tanh(x: Float32Array, out: Float32Array): void {
  checkLength('tanh', 'out', out, x.length);
  const w = beginCall(bytesFor(x.length, out.length));
  const px = put(x);
  const pout = space(out.length);
  (w.tanh as Unary)(px, pout, x.length);
  take(pout, out);
}
