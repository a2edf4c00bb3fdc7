import { checkConvBackpropInput } from '../checks/conv.js';
import type { Conv2DInfo } from '../kernel-set.js';
import { forEachTap } from './conv-taps.js';

/** dx[b,iy,ix,c] = Σ dy[b,oy,ox,o] · filter[fy,fx,c,o] over the taps that read (iy, ix). */
export function conv2dBackpropInput(dy: Float32Array, filter: Float32Array, dx: Float32Array, info: Conv2DInfo): void {
  checkConvBackpropInput('conv2dBackpropInput', dy, filter, dx, info);
  const { inC, outC } = info;
  const acc = new Float64Array(dx.length);
  forEachTap(info, (op, ip, tap) => {
    const d = op * outC;
    for (let c = 0; c < inC; c++) {
      const f = (tap * inC + c) * outC;
      let s = 0;
      for (let o = 0; o < outC; o++) s += dy[d + o] * filter[f + o];
      acc[ip * inC + c] += s;
    }
  });
  dx.set(acc);
}
