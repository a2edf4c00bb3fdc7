import { checkBiasGrad } from '../checks/matmul.js';
import { beginCall, bytesFor, put, space, take } from '../scratch.js';

type BiasGrad = (dy: number, dbias: number, rows: number, cols: number) => void;

export function biasGrad(dy: Float32Array, dbias: Float32Array, rows: number, cols: number): void {
  checkBiasGrad(dy, dbias, rows, cols);
  const w = beginCall(bytesFor(dy.length, dbias.length));
  const pdy = put(dy);
  const pdb = space(dbias.length);
  (w.bias_grad as BiasGrad)(pdy, pdb, rows, cols);
  take(pdb, dbias);
}
