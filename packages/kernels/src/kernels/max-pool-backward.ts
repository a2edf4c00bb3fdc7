import { argmaxError, checkMaxPoolBackward } from '../checks/pool.js';
import type { Conv2DInfo } from '../kernel-set.js';
import { beginCall, bytesFor, put, space, take } from '../scratch.js';
import { INFO_LENGTH, putInfo } from './conv-info.js';

/** Returns -1, or the first o whose argmax[o] is outside x (then dx in WASM memory is garbage). */
type MaxPoolBackward = (dy: number, argmax: number, dx: number, info: number) => number;

export function maxPoolBackward(dy: Float32Array, argmax: Int32Array, dx: Float32Array, info: Conv2DInfo): void {
  checkMaxPoolBackward(dy, argmax, dx, info, false);
  const w = beginCall(bytesFor(dy.length, argmax.length, dx.length, INFO_LENGTH));
  const pdy = put(dy);
  const parg = put(argmax);
  const pdx = space(dx.length);
  const bad = (w.max_pool_backward as MaxPoolBackward)(pdy, parg, pdx, putInfo(info));
  if (bad >= 0) throw argmaxError(argmax, bad, dx.length);
  take(pdx, dx);
}
