import { checkConvBackpropInput } from '../checks/conv.js';
import type { Conv2DInfo } from '../kernel-set.js';
import { forEachTap } from './conv-taps.js';

/** dx[b,iy,ix,c] = Σ_{taps, m} dy[b,oy,ox,c·M+m] · filter[fy,fx,c,m]. */
export function depthwiseConv2dBackpropInput(dy: Float32Array, filter: Float32Array, dx: Float32Array, info: Conv2DInfo): void {
  checkConvBackpropInput('depthwiseConv2dBackpropInput', dy, filter, dx, info);
  const { inC, outC: mult } = info;
  const outCh = inC * mult;
  const acc = new Float64Array(dx.length);
  forEachTap(info, (op, ip, tap) => {
    const d = op * outCh;
    const f = tap * outCh;
    for (let c = 0; c < inC; c++) {
      for (let o = c * mult; o < (c + 1) * mult; o++) acc[ip * inC + c] += dy[d + o] * filter[f + o];
    }
  });
  dx.set(acc);
}
