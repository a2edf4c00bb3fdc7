import { checkLength } from '../check.js';
import { checkActivation, checkConvInfo } from '../conv-check.js';
import type { Activation, Conv2DInfo } from '../kernel-set.js';
import { applyActivation } from './fused-activation.js';

/** out[b,oy,ox,c·M+m] = act(Σ_{fy,fx} x[b,iy,ix,c] · filter[fy,fx,c,m] + bias[c·M+m]); M = info.outC. */
export function depthwiseConv2d(x: Float32Array, filter: Float32Array, bias: Float32Array | null, out: Float32Array, info: Conv2DInfo, act: Activation): void {
  const name = 'depthwiseConv2d';
  const size = checkConvInfo(name, info);
  const outCh = info.inC * info.outC;
  checkLength(name, 'x', x, size.x);
  checkLength(name, 'filter', filter, size.filter);
  checkLength(name, 'out', out, size.out * info.inC);
  if (bias) checkLength(name, 'bias', bias, outCh);
  checkActivation(name, act);
  const { batch, inH, inW, inC, filterH, filterW, strideH, strideW, dilationH, dilationW, padTop, padLeft, outH, outW } = info;
  const acc = new Float64Array(outCh);
  for (let b = 0; b < batch; b++) {
    for (let oy = 0; oy < outH; oy++) {
      for (let ox = 0; ox < outW; ox++) {
        if (bias) for (let o = 0; o < outCh; o++) acc[o] = bias[o];
        else acc.fill(0);
        for (let fy = 0; fy < filterH; fy++) {
          const iy = oy * strideH - padTop + fy * dilationH;
          if (iy < 0 || iy >= inH) continue;
          for (let fx = 0; fx < filterW; fx++) {
            const ix = ox * strideW - padLeft + fx * dilationW;
            if (ix < 0 || ix >= inW) continue;
            const xo = ((b * inH + iy) * inW + ix) * inC;
            const fo = (fy * filterW + fx) * outCh;
            // filter[fy,fx,c,m] sits at fo + c·M + m, the same index as output channel c·M + m.
            for (let o = 0; o < outCh; o++) acc[o] += x[xo + Math.floor(o / info.outC)] * filter[fo + o];
          }
        }
        out.set(acc, ((b * outH + oy) * outW + ox) * outCh);
      }
    }
  }
  applyActivation(out, act);
}
