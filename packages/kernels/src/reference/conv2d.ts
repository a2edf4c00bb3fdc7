import { checkLength } from '../check.js';
import { checkActivation, checkConvInfo } from '../conv-check.js';
import type { Activation, Conv2DInfo } from '../kernel-set.js';
import { applyActivation } from './fused-activation.js';

/** out = act(conv(x, filter) + bias), direct loops with a float64 accumulator per output pixel. */
export function conv2d(x: Float32Array, filter: Float32Array, bias: Float32Array | null, out: Float32Array, info: Conv2DInfo, act: Activation): void {
  const name = 'conv2d';
  const size = checkConvInfo(name, info);
  checkLength(name, 'x', x, size.x);
  checkLength(name, 'filter', filter, size.filter);
  checkLength(name, 'out', out, size.out);
  if (bias) checkLength(name, 'bias', bias, info.outC);
  checkActivation(name, act);
  const { batch, inH, inW, inC, filterH, filterW, outC, strideH, strideW, dilationH, dilationW, padTop, padLeft, outH, outW } = info;
  const acc = new Float64Array(outC);
  for (let b = 0; b < batch; b++) {
    for (let oy = 0; oy < outH; oy++) {
      for (let ox = 0; ox < outW; ox++) {
        if (bias) for (let o = 0; o < outC; o++) acc[o] = bias[o];
        else acc.fill(0);
        for (let fy = 0; fy < filterH; fy++) {
          const iy = oy * strideH - padTop + fy * dilationH;
          if (iy < 0 || iy >= inH) continue;
          for (let fx = 0; fx < filterW; fx++) {
            const ix = ox * strideW - padLeft + fx * dilationW;
            if (ix < 0 || ix >= inW) continue;
            const xo = ((b * inH + iy) * inW + ix) * inC;
            const fo = (fy * filterW + fx) * inC * outC;
            for (let c = 0; c < inC; c++) {
              const xv = x[xo + c];
              const fr = fo + c * outC;
              for (let o = 0; o < outC; o++) acc[o] += xv * filter[fr + o];
            }
          }
        }
        out.set(acc, ((b * outH + oy) * outW + ox) * outC);
      }
    }
  }
  applyActivation(out, act);
}
