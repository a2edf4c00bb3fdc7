import { checkMaxPoolBackward } from '../checks/pool.js';
import type { Conv2DInfo } from '../kernel-set.js';

/** dx = 0, then dx[argmax[o]] += dy[o]. */
export function maxPoolBackward(dy: Float32Array, argmax: Int32Array, dx: Float32Array, info: Conv2DInfo): void {
  checkMaxPoolBackward(dy, argmax, dx, info);
  const acc = new Float64Array(dx.length);
  for (let o = 0; o < argmax.length; o++) acc[argmax[o]] += dy[o];
  dx.set(acc);
}
