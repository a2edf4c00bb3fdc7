import { checkConvBackpropFilter } from '../checks/conv.js';
import type { Conv2DInfo } from '../kernel-set.js';
import { forEachTap } from './conv-taps.js';

/** dfilter[fy,fx,c,o] = Σ_{b,oy,ox} x[b,iy,ix,c] · dy[b,oy,ox,o]. */
export function conv2dBackpropFilter(x: Float32Array, dy: Float32Array, dfilter: Float32Array, info: Conv2DInfo): void {
  checkConvBackpropFilter('conv2dBackpropFilter', x, dy, dfilter, info);
  const { inC, outC } = info;
  const acc = new Float64Array(dfilter.length);
  forEachTap(info, (op, ip, tap) => {
    const d = op * outC;
    for (let c = 0; c < inC; c++) {
      const xv = x[ip * inC + c];
      const f = (tap * inC + c) * outC;
      for (let o = 0; o < outC; o++) acc[f + o] += xv * dy[d + o];
    }
  });
  dfilter.set(acc);
}
