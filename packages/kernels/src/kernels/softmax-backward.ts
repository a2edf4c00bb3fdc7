import { checkDim, checkLength } from '../check.js';
import { beginCall, bytesFor, put, space, take } from '../scratch.js';

type SoftmaxBackward = (y: number, dy: number, dx: number, rows: number, cols: number) => void;

export function softmaxBackward(y: Float32Array, dy: Float32Array, dx: Float32Array, rows: number, cols: number): void {
  checkDim('softmaxBackward', 'rows', rows);
  checkDim('softmaxBackward', 'cols', cols);
  checkLength('softmaxBackward', 'y', y, rows * cols);
  checkLength('softmaxBackward', 'dy', dy, rows * cols);
  checkLength('softmaxBackward', 'dx', dx, rows * cols);
  const w = beginCall(bytesFor(y.length, dy.length, dx.length));
  const py = put(y);
  const pdy = put(dy);
  const pdx = space(dx.length);
  (w.softmax_backward as SoftmaxBackward)(py, pdy, pdx, rows, cols);
  take(pdx, dx);
}
