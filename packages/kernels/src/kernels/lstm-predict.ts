import { checkLstmPredict } from '../checks/lstm.js';
import { beginCall, bytesFor, put, space, take } from '../scratch.js';

type LstmPredict = (x: number, kernel: number, recurrentKernel: number, bias: number, h: number, batch: number, steps: number, inDim: number, units: number, returnSequences: number) => void;

export function lstmPredict(
  x: Float32Array, kernel: Float32Array, recurrentKernel: Float32Array, bias: Float32Array, h: Float32Array,
  batch: number, steps: number, inDim: number, units: number, returnSequences: boolean,
): void {
  checkLstmPredict(x, kernel, recurrentKernel, bias, h, batch, steps, inDim, units, returnSequences);
  const w = beginCall(bytesFor(x.length, kernel, recurrentKernel, bias, h.length)); // weights: no arena space if resident
  const px = put(x);
  const pk = put(kernel);
  const pr = put(recurrentKernel);
  const pb = put(bias);
  const ph = space(h.length);
  (w.lstm_predict as LstmPredict)(px, pk, pr, pb, ph, batch, steps, inDim, units, returnSequences ? 1 : 0);
  take(ph, h);
}
