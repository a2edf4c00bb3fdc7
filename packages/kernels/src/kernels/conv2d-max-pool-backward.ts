import { checkConv2dMaxPoolBackward, tapError } from '../checks/conv2d-max-pool-train.js';
import type { Conv2DInfo } from '../kernel-set.js';
import { beginCall, bytesFor, put, space, take } from '../scratch.js';
import { splitBatch } from '../threads.js';
import { INFO_LENGTH, convWork, putInfo } from './conv-info.js';
import { addInto } from './split-sums.js';

/** Returns -1, or the first o whose taps[o] is outside -1..3 (then nothing is written). */
type Conv2dMaxPoolBackward = (x: number, filter: number, taps: number, dy: number, dx: number, dfilter: number, dbias: number, info: number) => number;

export function conv2dMaxPoolBackward(x: Float32Array, filter: Float32Array, taps: Int32Array, dy: Float32Array, dx: Float32Array | null, dfilter: Float32Array, dbias: Float32Array | null, info: Conv2DInfo): void {
  checkConv2dMaxPoolBackward(x, filter, taps, dy, dx, dfilter, dbias, info);
  const split = splitBatch(info.batch, 1, 2 * convWork(info));
  // With kernel threads the helper's half of the batch sums its filter and bias gradients apart.
  const apart = split !== null ? [dfilter.length, dbias ? dbias.length : 0, INFO_LENGTH] : [];
  const w = beginCall(bytesFor(x.length, filter, taps.length, dy.length, dx ? dx.length : 0, dfilter.length, dbias ? dbias.length : 0, INFO_LENGTH, ...apart));
  const px = put(x);
  const pf = put(filter);
  const ptaps = put(taps);
  const pdy = put(dy);
  const pdx = dx ? space(dx.length) : 0;
  const pdf = space(dfilter.length);
  const pdb = dbias ? space(dbias.length) : 0;
  const run = w.conv2d_max_pool_backward as Conv2dMaxPoolBackward;
  let bad: number;
  if (split !== null) {
    // Kernel threads: the helper takes the batch's second half; dx rows are independent (bit for
    // bit), the filter and bias gradients are the two halves' sums added.
    const { helper, half, rest, row } = split;
    const image = info.inH * info.inW * info.inC;
    const pooled = dy.length / info.batch;
    const qdf = space(dfilter.length);
    const qdb = dbias ? space(dbias.length) : 0;
    helper.run('conv2d_max_pool_backward', [row(px, image), pf, row(ptaps, pooled), row(pdy, pooled), dx ? row(pdx, image) : 0, qdf, qdb, putInfo({ ...info, batch: rest })]);
    bad = run(px, pf, ptaps, pdy, pdx, pdf, pdb, putInfo({ ...info, batch: half }));
    const helperBad = helper.wait();
    if (bad < 0 && helperBad >= 0) bad = half * pooled + helperBad;
    addInto(w.memory, pdf, qdf, dfilter.length);
    if (dbias) addInto(w.memory, pdb, qdb, dbias.length);
  } else {
    bad = run(px, pf, ptaps, pdy, pdx, pdf, pdb, putInfo(info));
  }
  if (bad >= 0) throw tapError(taps, bad);
  if (dx) take(pdx, dx);
  take(pdf, dfilter);
  if (dbias) take(pdb, dbias);
}
