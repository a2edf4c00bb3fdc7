import { checkMaxPool } from '../checks/pool.js';
import type { Conv2DInfo } from '../kernel-set.js';
import { beginCall, bytesFor, put, space, take } from '../scratch.js';
import { INFO_LENGTH, putInfo } from './conv-info.js';

type MaxPool = (x: number, out: number, argmax: number, info: number) => void;

export function maxPool(x: Float32Array, out: Float32Array, argmax: Int32Array, info: Conv2DInfo): void {
  checkMaxPool(x, out, argmax, info);
  const w = beginCall(bytesFor(x.length, out.length, argmax.length, INFO_LENGTH));
  const px = put(x);
  const pout = space(out.length);
  const parg = space(argmax.length);
  (w.max_pool as MaxPool)(px, pout, parg, putInfo(info));
  take(pout, out);
  take(parg, argmax);
}
