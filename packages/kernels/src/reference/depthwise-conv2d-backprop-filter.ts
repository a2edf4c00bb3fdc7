import { checkConvBackpropFilter } from '../checks/conv.js';
import type { Conv2DInfo } from '../kernel-set.js';
import { forEachTap } from './conv-taps.js';

/** dfilter[fy,fx,c,m] = Σ_{b,oy,ox} x[b,iy,ix,c] · dy[b,oy,ox,c·M+m]. */
export function depthwiseConv2dBackpropFilter(x: Float32Array, dy: Float32Array, dfilter: Float32Array, info: Conv2DInfo): void {
  checkConvBackpropFilter('depthwiseConv2dBackpropFilter', x, dy, dfilter, info);
  const { inC, outC: mult } = info;
  const outCh = inC * mult;
  const acc = new Float64Array(dfilter.length);
  forEachTap(info, (op, ip, tap) => {
    const d = op * outCh;
    const f = tap * outCh;
    for (let c = 0; c < inC; c++) {
      const xv = x[ip * inC + c];
      for (let o = c * mult; o < (c + 1) * mult; o++) acc[f + o] += xv * dy[d + o];
    }
  });
  dfilter.set(acc);
}
