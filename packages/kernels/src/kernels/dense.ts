import { checkDim, checkLength } from '../check.js';
import { checkActivation } from '../conv-check.js';
import type { Activation } from '../kernel-set.js';
import { beginCall, bytesFor, put, space, take } from '../scratch.js';

type Dense = (x: number, kernel: number, bias: number, out: number, rows: number, inDim: number, outDim: number, act: number) => void;

export function dense(x: Float32Array, kernel: Float32Array, bias: Float32Array | null, out: Float32Array, rows: number, inDim: number, outDim: number, act: Activation): void {
  const name = 'dense';
  checkDim(name, 'rows', rows);
  checkDim(name, 'inDim', inDim);
  checkDim(name, 'outDim', outDim);
  checkLength(name, 'x', x, rows * inDim);
  checkLength(name, 'kernel', kernel, inDim * outDim);
  checkLength(name, 'out', out, rows * outDim);
  if (bias) checkLength(name, 'bias', bias, outDim);
  checkActivation(name, act);
  const w = beginCall(bytesFor(x.length, kernel.length, bias ? bias.length : 0, out.length));
  const px = put(x);
  const pk = put(kernel);
  const pb = bias ? put(bias) : 0;
  const pout = space(out.length);
  (w.dense as Dense)(px, pk, pb, pout, rows, inDim, outDim, act);
  take(pout, out);
}
