import { checkAvgPoolBackward } from '../checks/pool.js';
import type { Conv2DInfo } from '../kernel-set.js';
import { countTaps, forEachTap } from './conv-taps.js';

/** dx[b,iy,ix,c] = Σ dy[b,oy,ox,c] / (in-image taps of window (oy, ox)) over the windows that read (iy, ix). */
export function avgPoolBackward(dy: Float32Array, dx: Float32Array, info: Conv2DInfo): void {
  checkAvgPoolBackward(dy, dx, info);
  const ch = info.inC;
  const counts = countTaps(info);
  const acc = new Float64Array(dx.length);
  forEachTap(info, (op, ip) => {
    const inv = 1 / counts[op];
    for (let c = 0; c < ch; c++) acc[ip * ch + c] += dy[op * ch + c] * inv;
  });
  dx.set(acc);
}
