import { checkDim, checkLength } from '../check.js';
import { beginCall, bytesFor, put, space, take } from '../scratch.js';

type Softmax = (x: number, out: number, rows: number, cols: number) => void;

export function softmax(x: Float32Array, out: Float32Array, rows: number, cols: number): void {
  checkDim('softmax', 'rows', rows);
  checkDim('softmax', 'cols', cols);
  checkLength('softmax', 'x', x, rows * cols);
  checkLength('softmax', 'out', out, rows * cols);
  const w = beginCall(bytesFor(x.length, out.length));
  const px = put(x);
  const pout = space(out.length);
  (w.softmax as Softmax)(px, pout, rows, cols);
  take(pout, out);
}
