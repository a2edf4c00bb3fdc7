import { checkLength } from '../check.js';
import { checkPoolInfo } from '../conv-check.js';
import type { Conv2DInfo } from '../kernel-set.js';
import { beginCall, bytesFor, put, space, take } from '../scratch.js';
import { INFO_LENGTH, putInfo } from './conv-info.js';

type MaxPool = (x: number, out: number, argmax: number, info: number) => void;

export function maxPool(x: Float32Array, out: Float32Array, argmax: Int32Array, info: Conv2DInfo): void {
  const name = 'maxPool';
  const size = checkPoolInfo(name, info);
  checkLength(name, 'x', x, size.x);
  checkLength(name, 'out', out, size.out);
  checkLength(name, 'argmax', argmax, size.out);
  const w = beginCall(bytesFor(x.length, out.length, argmax.length, INFO_LENGTH));
  const px = put(x);
  const pout = space(out.length);
  const parg = space(argmax.length);
  (w.max_pool as MaxPool)(px, pout, parg, putInfo(info));
  take(pout, out);
  take(parg, argmax);
}
