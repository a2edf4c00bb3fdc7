import { checkDim, checkLength } from '../check.js';
import { beginCall, bytesFor, put, space, take } from '../scratch.js';

type BiasGrad = (dy: number, dbias: number, rows: number, cols: number) => void;

export function biasGrad(dy: Float32Array, dbias: Float32Array, rows: number, cols: number): void {
  checkDim('biasGrad', 'rows', rows);
  checkDim('biasGrad', 'cols', cols);
  checkLength('biasGrad', 'dy', dy, rows * cols);
  checkLength('biasGrad', 'dbias', dbias, cols);
  const w = beginCall(bytesFor(dy.length, dbias.length));
  const pdy = put(dy);
  const pdb = space(dbias.length);
  (w.bias_grad as BiasGrad)(pdy, pdb, rows, cols);
  take(pdb, dbias);
}
