import { checkAvgPoolBackward } from '../checks/pool.js';
import type { Conv2DInfo } from '../kernel-set.js';
import { beginCall, bytesFor, put, space, take } from '../scratch.js';
import { INFO_LENGTH, putInfo } from './conv-info.js';

type AvgPoolBackward = (dy: number, dx: number, info: number) => void;

export function avgPoolBackward(dy: Float32Array, dx: Float32Array, info: Conv2DInfo): void {
  checkAvgPoolBackward(dy, dx, info);
  const w = beginCall(bytesFor(dy.length, dx.length, INFO_LENGTH));
  const pdy = put(dy);
  const pdx = space(dx.length);
  (w.avg_pool_backward as AvgPoolBackward)(pdy, pdx, putInfo(info));
  take(pdx, dx);
}
