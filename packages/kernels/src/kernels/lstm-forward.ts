import { checkLstmForward } from '../checks/lstm.js';
import type { LstmCells } from '../kernel-set.js';
import { ArrayCells } from '../lstm-cells.js';
import { beginCall, bytesFor, put, space, spaceFor, take } from '../scratch.js';
import { splitBatch } from '../threads.js';
import { HeldCells } from './lstm-held-cells.js';
import { lstmWork } from './lstm-predict.js';

type LstmForward = (x: number, kernel: number, recurrentKernel: number, bias: number, h: number, c: number, gates: number, batch: number, steps: number, inDim: number, units: number) => void;

export function lstmForward(
  x: Float32Array, kernel: Float32Array, recurrentKernel: Float32Array, bias: Float32Array, h: Float32Array,
  batch: number, steps: number, inDim: number, units: number,
): LstmCells {
  checkLstmForward(x, kernel, recurrentKernel, bias, h, batch, steps, inDim, units);
  const n = batch * steps * units;
  // c and gates stay in WASM memory for lstmBackward, else (memory short) they are copied out.
  const held = HeldCells.allocate(batch, steps, units, { x, kernel, recurrentKernel, bias });
  const w = beginCall(bytesFor(x.length, kernel, recurrentKernel, bias, h.length, held ? 0 : 5 * n)); // weights: no arena space if resident
  const px = put(x);
  const pk = put(kernel);
  const pr = put(recurrentKernel);
  const pb = put(bias);
  const ph = spaceFor(h);
  const pc = held ? held.c : space(n);
  const pg = held ? held.gates : space(4 * n);
  const split = splitBatch(batch, steps, lstmWork(batch, steps, inDim, units));
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
  if (held) return held;
  const cells = new ArrayCells(new Float32Array(n), new Float32Array(4 * n), batch, steps, units);
  take(pc, cells.c);
  take(pg, cells.gates);
  return cells;
}
