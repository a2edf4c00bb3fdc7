import { KernelArgumentError, checkLength } from '../check.js';
import { checkPoolInfo } from '../conv-check.js';
import type { Conv2DInfo } from '../kernel-set.js';

/** dx = 0, then dx[argmax[o]] += dy[o]. */
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
  const acc = new Float64Array(size.x);
  for (let o = 0; o < argmax.length; o++) acc[argmax[o]] += dy[o];
  dx.set(acc);
}
