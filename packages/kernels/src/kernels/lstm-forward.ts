import { checkLstmForward } from '../checks/lstm.js';
import { beginCall, bytesFor, put, space, take } from '../scratch.js';
import { splitBatch } from '../threads.js';

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
  const split = splitBatch(batch, steps);
  if (split !== null) {
    // Kernel threads: the batch's second half on the helper (its rows of x, h, c and gates), the
    // first here. Rows are independent, so the outputs are those of one call, bit for bit.
    const { helper, half, rest, row } = split;
    helper.run('lstm_forward', [row(px, inDim), pk, pr, pb, row(ph, units), row(pc, units), row(pg, 4 * units), rest, steps, inDim, units]);
    (w.lstm_forward as LstmForward)(px, pk, pr, pb, ph, pc, pg, half, steps, inDim, units);
    helper.wait();
  } else {
    (w.lstm_forward as LstmForward)(px, pk, pr, pb, ph, pc, pg, batch, steps, inDim, units);
  }
  take(ph, h);
  take(pc, c);
  take(pg, gates);
}
