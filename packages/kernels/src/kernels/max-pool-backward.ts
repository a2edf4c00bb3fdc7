import { checkMaxPoolBackward } from '../checks/pool.js';
import type { Conv2DInfo } from '../kernel-set.js';
import { beginCall, bytesFor, put, space, take } from '../scratch.js';
import { INFO_LENGTH, putInfo } from './conv-info.js';

type MaxPoolBackward = (dy: number, argmax: number, dx: number, info: number) => void;

export function maxPoolBackward(dy: Float32Array, argmax: Int32Array, dx: Float32Array, info: Conv2DInfo): void {
  checkMaxPoolBackward(dy, argmax, dx, info);
  const w = beginCall(bytesFor(dy.length, argmax.length, dx.length, INFO_LENGTH));
  const pdy = put(dy);
  const parg = put(argmax);
  const pdx = space(dx.length);
  (w.max_pool_backward as MaxPoolBackward)(pdy, parg, pdx, putInfo(info));
  take(pdx, dx);
}
