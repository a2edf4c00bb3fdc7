import { checkAvgPool } from '../checks/pool.js';
import type { Conv2DInfo } from '../kernel-set.js';
import { countTaps, forEachTap } from './conv-taps.js';

/** out[b,oy,ox,c] = mean of x[b,iy,ix,c] over the window's in-image taps only. */
export function avgPool(x: Float32Array, out: Float32Array, info: Conv2DInfo): void {
  checkAvgPool(x, out, info);
  const ch = info.inC;
  const sum = new Float64Array(out.length);
  forEachTap(info, (op, ip) => {
    for (let c = 0; c < ch; c++) sum[op * ch + c] += x[ip * ch + c];
  });
  const counts = countTaps(info);
  for (let o = 0; o < out.length; o++) out[o] = sum[o] / counts[Math.floor(o / ch)];
}
