import { checkConvForward } from '../checks/conv.js';
import type { Activation, Conv2DInfo } from '../kernel-set.js';
import { forEachTap } from './conv-taps.js';
import { applyActivation } from './fused-activation.js';

/** out[b,oy,ox,o] = act(bias[o] + Σ_{taps, c} x[b,iy,ix,c] · filter[fy,fx,c,o]), accumulated in float64. */
export function conv2d(x: Float32Array, filter: Float32Array, bias: Float32Array | null, out: Float32Array, info: Conv2DInfo, act: Activation): void {
  checkConvForward('conv2d', x, filter, bias, out, info, act);
  const { inC, outC } = info;
  const acc = new Float64Array(out.length);
  if (bias) for (let p = 0; p < acc.length; p += outC) acc.set(bias, p);
  forEachTap(info, (op, ip, tap) => {
    const a = op * outC;
    for (let c = 0; c < inC; c++) {
      const xv = x[ip * inC + c];
      const f = (tap * inC + c) * outC;
      for (let o = 0; o < outC; o++) acc[a + o] += xv * filter[f + o];
    }
  });
  out.set(acc);
  applyActivation(out, act);
}
