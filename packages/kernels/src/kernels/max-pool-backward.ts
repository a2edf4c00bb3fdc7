import { KernelArgumentError, checkLength } from '../check.js';
import { checkPoolInfo } from '../conv-check.js';
import type { Conv2DInfo } from '../kernel-set.js';
import { beginCall, bytesFor, put, space, take } from '../scratch.js';
import { INFO_LENGTH, putInfo } from './conv-info.js';

type MaxPoolBackward = (dy: number, argmax: number, dx: number, info: number) => void;

export function maxPoolBackward(dy: Float32Array, argmax: Int32Array, dx: Float32Array, info: Conv2DInfo): void {
  const name = 'maxPoolBackward';
  const size = checkPoolInfo(name, info);
  checkLength(name, 'dy', dy, size.out);
  checkLength(name, 'argmax', argmax, size.out);
  checkLength(name, 'dx', dx, size.x);
  for (let o = 0; o < argmax.length; o++) {
    const i = argmax[o];
    if (i < 0 || i >= size.x) throw new KernelArgumentError(`${name}: argmax[${o}] = ${i} is outside x (${size.x} elements); pass the argmax written by maxPool.`);
  }
  const w = beginCall(bytesFor(dy.length, argmax.length, dx.length, INFO_LENGTH));
  const pdy = put(dy);
  const parg = put(argmax);
  const pdx = space(dx.length);
  (w.max_pool_backward as MaxPoolBackward)(pdy, parg, pdx, putInfo(info));
  take(pdx, dx);
}
