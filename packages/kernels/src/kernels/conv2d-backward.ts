import { checkConv2dBackward } from '../checks/conv-backward.js';
import { Activation, type Conv2DInfo } from '../kernel-set.js';
import { beginCall, bytesFor, put, space, take } from '../scratch.js';
import { INFO_LENGTH, putInfo } from './conv-info.js';

type Conv2dBackward = (x: number, filter: number, y: number, dy: number, act: number, dx: number, dfilter: number, dbias: number, info: number) => void;

export function conv2dBackward(x: Float32Array, filter: Float32Array, y: Float32Array | null, dy: Float32Array, act: Activation, dx: Float32Array | null, dfilter: Float32Array, dbias: Float32Array | null, info: Conv2DInfo): void {
  checkConv2dBackward(x, filter, y, dy, act, dx, dfilter, dbias, info);
  // A linear activation never reads y: do not copy it in.
  const yIn = act === Activation.Linear ? null : y;
  const w = beginCall(bytesFor(x.length, filter, yIn ? yIn.length : 0, dy.length, dx ? dx.length : 0, dfilter.length, dbias ? dbias.length : 0, INFO_LENGTH));
  const px = put(x);
  const pf = put(filter);
  const py = yIn ? put(yIn) : 0;
  const pdy = put(dy);
  const pdx = dx ? space(dx.length) : 0;
  const pdf = space(dfilter.length);
  const pdb = dbias ? space(dbias.length) : 0;
  (w.conv2d_backward as Conv2dBackward)(px, pf, py, pdy, act, pdx, pdf, pdb, putInfo(info));
  if (dx) take(pdx, dx);
  take(pdf, dfilter);
  if (dbias) take(pdb, dbias);
}
