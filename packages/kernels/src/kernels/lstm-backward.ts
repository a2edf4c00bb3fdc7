import { checkLstmBackward } from '../checks/lstm.js';
import type { LstmCells } from '../kernel-set.js';
import { ArrayCells } from '../lstm-cells.js';
import { beginCall, bytesFor, put, space, take } from '../scratch.js';
import { splitBatch } from '../threads.js';
import { HeldCells } from './lstm-held-cells.js';
import { lstmForward } from './lstm-forward.js';
import { lstmWork } from './lstm-predict.js';
import { addInto } from './split-sums.js';

type LstmBackward = (x: number, kernel: number, recurrentKernel: number, h: number, c: number, gates: number, dh: number, dx: number, dkernel: number, drecurrentKernel: number, dbias: number, batch: number, steps: number, inDim: number, units: number) => void;

export function lstmBackward(
  x: Float32Array, kernel: Float32Array, recurrentKernel: Float32Array,
  h: Float32Array, cells: LstmCells, dh: Float32Array,
  dx: Float32Array, dkernel: Float32Array, drecurrentKernel: Float32Array, dbias: Float32Array,
  batch: number, steps: number, inDim: number, units: number,
): void {
  checkLstmBackward(x, kernel, recurrentKernel, h, cells, dh, dx, dkernel, drecurrentKernel, dbias, batch, steps, inDim, units);
  if (cells instanceof HeldCells && !cells.live()) {
    // Freed, or left in a replaced instance: computed again from the forward pass's inputs.
    cells.release();
    const { inputs } = cells;
    cells = lstmForward(inputs.x, inputs.kernel, inputs.recurrentKernel, inputs.bias, new Float32Array(h.length), batch, steps, inDim, units);
  }
  const held = cells instanceof HeldCells ? cells : null;
  // Cells in JS arrays (memory was short, or another kernel set's cells) are copied in.
  const arrays = held ? null : cells instanceof ArrayCells ? cells : cells.read();
  const split = splitBatch(batch, steps, 2 * lstmWork(batch, steps, inDim, units));
  // With kernel threads the helper's half of the batch sums its weight gradients apart (3 more buffers).
  const apart = split !== null ? [dkernel.length, drecurrentKernel.length, dbias.length] : [];
  const w = beginCall(bytesFor(x.length, kernel, recurrentKernel, h.length, arrays ? 5 * h.length : 0, dh.length, dx.length, dkernel.length, drecurrentKernel.length, dbias.length, ...apart));
  const px = put(x);
  const pk = put(kernel);
  const pr = put(recurrentKernel);
  const ph = put(h);
  const pc = held ? held.c : put(arrays!.c);
  const pg = held ? held.gates : put(arrays!.gates);
  const pdh = put(dh);
  const pdx = space(dx.length);
  const pdk = space(dkernel.length);
  const pdr = space(drecurrentKernel.length);
  const pdb = space(dbias.length);
  if (split !== null) {
    // Kernel threads: the batch's second half on the helper, the first here; dx rows are
    // independent (bit for bit), the weight gradients are the two halves' sums added.
    const { helper, half, rest, row } = split;
    const [qdk, qdr, qdb] = apart.map((n) => space(n));
    helper.run('lstm_backward', [row(px, inDim), pk, pr, row(ph, units), row(pc, units), row(pg, 4 * units), row(pdh, units), row(pdx, inDim), qdk, qdr, qdb, rest, steps, inDim, units]);
    (w.lstm_backward as LstmBackward)(px, pk, pr, ph, pc, pg, pdh, pdx, pdk, pdr, pdb, half, steps, inDim, units);
    helper.wait();
    addInto(w.memory, pdk, qdk, dkernel.length);
    addInto(w.memory, pdr, qdr, drecurrentKernel.length);
    addInto(w.memory, pdb, qdb, dbias.length);
  } else {
    (w.lstm_backward as LstmBackward)(px, pk, pr, ph, pc, pg, pdh, pdx, pdk, pdr, pdb, batch, steps, inDim, units);
  }
  take(pdx, dx);
  take(pdk, dkernel);
  take(pdr, drecurrentKernel);
  take(pdb, dbias);
  held?.release();
}
