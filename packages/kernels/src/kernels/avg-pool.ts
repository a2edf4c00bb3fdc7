import { checkAvgPool } from '../checks/pool.js';
import type { Conv2DInfo } from '../kernel-set.js';
import { beginCall, bytesFor, put, space, take } from '../scratch.js';
import { INFO_LENGTH, putInfo } from './conv-info.js';

type AvgPool = (x: number, out: number, info: number) => void;

export function avgPool(x: Float32Array, out: Float32Array, info: Conv2DInfo): void {
  checkAvgPool(x, out, info);
  const w = beginCall(bytesFor(x.length, out.length, INFO_LENGTH));
  const px = put(x);
  const pout = space(out.length);
  (w.avg_pool as AvgPool)(px, pout, putInfo(info));
  take(pout, out);
}
