import { checkLstmPredict } from '../checks/lstm.js';
import { beginCall, bytesFor, put, space, take } from '../scratch.js';
import { splitBatch } from '../threads.js';

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
  const rs = returnSequences ? 1 : 0;
  const split = splitBatch(batch, steps, lstmWork(batch, steps, inDim, units));
  if (split !== null) {
    // Kernel threads: the helper takes the batch's second half (rows are independent: bit for bit).
    const { helper, half, rest, row } = split;
    helper.run('lstm_predict', [row(px, inDim), pk, pr, pb, ph + outputBytes(half, steps, units, returnSequences), rest, steps, inDim, units, rs]);
    (w.lstm_predict as LstmPredict)(px, pk, pr, pb, ph, half, steps, inDim, units, rs);
    helper.wait();
  } else {
    (w.lstm_predict as LstmPredict)(px, pk, pr, pb, ph, batch, steps, inDim, units, rs);
  }
  take(ph, h);
}

/** Operations of an LSTM layer over a sequence (2 per multiply-add of both products), to decide whether to split a call. */
export function lstmWork(batch: number, steps: number, inDim: number, units: number): number {
  return 8 * batch * steps * units * (inDim + units);
}

/** Bytes of inference output for `rows` batch rows: every step's h, or the last step's. */
export function outputBytes(rows: number, steps: number, units: number, returnSequences: boolean): number {
  return 4 * rows * units * (returnSequences ? steps : 1);
}
