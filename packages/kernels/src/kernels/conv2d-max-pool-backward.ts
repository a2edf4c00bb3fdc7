import { checkConv2dMaxPoolBackward, tapError } from '../checks/conv2d-max-pool-train.js';
import type { Conv2DInfo } from '../kernel-set.js';
import { beginCall, bytesFor, put, space, take } from '../scratch.js';
import { INFO_LENGTH, putInfo } from './conv-info.js';

/** Returns -1, or the first o whose taps[o] is outside -1..3 (then nothing is written). */
type Conv2dMaxPoolBackward = (x: number, filter: number, taps: number, dy: number, dx: number, dfilter: number, dbias: number, info: number) => number;

export function conv2dMaxPoolBackward(x: Float32Array, filter: Float32Array, taps: Int32Array, dy: Float32Array, dx: Float32Array | null, dfilter: Float32Array, dbias: Float32Array | null, info: Conv2DInfo): void {
  checkConv2dMaxPoolBackward(x, filter, taps, dy, dx, dfilter, dbias, info);
  const w = beginCall(bytesFor(x.length, filter, taps.length, dy.length, dx ? dx.length : 0, dfilter.length, dbias ? dbias.length : 0, INFO_LENGTH));
  const px = put(x);
  const pf = put(filter);
  const ptaps = put(taps);
  const pdy = put(dy);
  const pdx = dx ? space(dx.length) : 0;
  const pdf = space(dfilter.length);
  const pdb = dbias ? space(dbias.length) : 0;
  const bad = (w.conv2d_max_pool_backward as Conv2dMaxPoolBackward)(px, pf, ptaps, pdy, pdx, pdf, pdb, putInfo(info));
  if (bad >= 0) throw tapError(taps, bad);
  if (dx) take(pdx, dx);
  take(pdf, dfilter);
  if (dbias) take(pdb, dbias);
}
