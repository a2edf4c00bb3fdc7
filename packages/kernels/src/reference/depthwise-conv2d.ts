import { checkConvForward } from '../checks/conv.js';
import type { Activation, Conv2DInfo } from '../kernel-set.js';
import { forEachTap } from './conv-taps.js';
import { applyActivation } from './fused-activation.js';

/** out[b,oy,ox,c·M+m] = act(bias[c·M+m] + Σ_{taps} x[b,iy,ix,c] · filter[fy,fx,c,m]); M = info.outC. */
export function depthwiseConv2d(x: Float32Array, filter: Float32Array, bias: Float32Array | null, out: Float32Array, info: Conv2DInfo, act: Activation): void {
  checkConvForward('depthwiseConv2d', x, filter, bias, out, info, act);
  const { inC, outC: mult } = info;
  const outCh = inC * mult;
  const acc = new Float64Array(out.length);
  if (bias) for (let p = 0; p < acc.length; p += outCh) acc.set(bias, p);
  // filter[fy,fx,c,m] sits at tap·outCh + c·M + m, the same channel index as output channel c·M + m.
  forEachTap(info, (op, ip, tap) => {
    const a = op * outCh;
    const f = tap * outCh;
    for (let c = 0; c < inC; c++) {
      const xv = x[ip * inC + c];
      for (let o = c * mult; o < (c + 1) * mult; o++) acc[a + o] += xv * filter[f + o];
    }
  });
  out.set(acc);
  applyActivation(out, act);
}
