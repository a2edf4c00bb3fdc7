import { checkDense } from '../checks/matmul.js';
import type { Activation } from '../kernel-set.js';
import { beginCall, bytesFor, put, space, take } from '../scratch.js';

type Dense = (x: number, kernel: number, bias: number, out: number, rows: number, inDim: number, outDim: number, act: number) => void;

export function dense(x: Float32Array, kernel: Float32Array, bias: Float32Array | null, out: Float32Array, rows: number, inDim: number, outDim: number, act: Activation): void {
  checkDense(x, kernel, bias, out, rows, inDim, outDim, act);
  const w = beginCall(bytesFor(x.length, kernel, bias ?? 0, out.length)); // weights: no arena space if resident
  const px = put(x);
  const pk = put(kernel);
  const pb = bias ? put(bias) : 0;
  const pout = space(out.length);
  (w.dense as Dense)(px, pk, pb, pout, rows, inDim, outDim, act);
  take(pout, out);
}
