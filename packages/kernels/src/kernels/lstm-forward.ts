import { checkLstmForward } from '../checks/lstm.js';
import { beginCall, bytesFor, put, space, take } from '../scratch.js';

type LstmForward = (x: number, kernel: number, recurrentKernel: number, bias: number, h: number, c: number, gates: number, batch: number, steps: number, inDim: number, units: number) => void;

export function lstmForward(
  x: Float32Array, kernel: Float32Array, recurrentKernel: Float32Array, bias: Float32Array,
  h: Float32Array, c: Float32Array, gates: Float32Array,
  batch: number, steps: number, inDim: number, units: number,
): void {
  checkLstmForward(x, kernel, recurrentKernel, bias, h, c, gates, batch, steps, inDim, units);
  const w = beginCall(bytesFor(x.length, kernel, recurrentKernel, bias, h.length, c.length, gates.length)); // weights: no arena space if resident
  const px = put(x);
  const pk = put(kernel);
  const pr = put(recurrentKernel);
  const pb = put(bias);
  const ph = space(h.length);
  const pc = space(c.length);
  const pg = space(gates.length);
  (w.lstm_forward as LstmForward)(px, pk, pr, pb, ph, pc, pg, batch, steps, inDim, units);
  take(ph, h);
  take(pc, c);
  take(pg, gates);
}
