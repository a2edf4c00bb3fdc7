import { checkMaxPool } from '../checks/pool.js';
import type { Conv2DInfo } from '../kernel-set.js';
import { forEachTap } from './conv-taps.js';

/**
 * out[b,oy,ox,c] = max of x[b,iy,ix,c] over the window's in-image taps; argmax is the flat x index
 * of the first max in tap order (a NaN wins, so it propagates).
 */
export function maxPool(x: Float32Array, out: Float32Array, argmax: Int32Array, info: Conv2DInfo): void {
  checkMaxPool(x, out, argmax, info);
  const ch = info.inC;
  argmax.fill(-1); // -1: no tap seen yet; every window has at least one (checked)
  forEachTap(info, (op, ip) => {
    for (let c = 0; c < ch; c++) {
      const o = op * ch + c;
      const i = ip * ch + c;
      const v = x[i];
      const best = out[o];
      if (argmax[o] < 0 || v > best || (v !== v && best === best)) {
        out[o] = v;
        argmax[o] = i;
      }
    }
  });
}
