import { checkLength } from '../check.js';
import { checkConvInfo } from '../conv-check.js';
import type { Conv2DInfo } from '../kernel-set.js';

/** dfilter[fy,fx,c,m] = Σ_{b,oy,ox} x[b,iy,ix,c] · dy[b,oy,ox,c·M+m]. */
export function depthwiseConv2dBackpropFilter(x: Float32Array, dy: Float32Array, dfilter: Float32Array, info: Conv2DInfo): void {
  const name = 'depthwiseConv2dBackpropFilter';
  const size = checkConvInfo(name, info);
  checkLength(name, 'x', x, size.x);
  checkLength(name, 'dy', dy, size.out * info.inC);
  checkLength(name, 'dfilter', dfilter, size.filter);
  const { batch, inH, inW, inC, filterH, filterW, outC: mult, strideH, strideW, dilationH, dilationW, padTop, padLeft, outH, outW } = info;
  const outCh = inC * mult;
  const acc = new Float64Array(size.filter);
  for (let b = 0; b < batch; b++) {
    for (let oy = 0; oy < outH; oy++) {
      for (let ox = 0; ox < outW; ox++) {
        const dyo = ((b * outH + oy) * outW + ox) * outCh;
        for (let fy = 0; fy < filterH; fy++) {
          const iy = oy * strideH - padTop + fy * dilationH;
          if (iy < 0 || iy >= inH) continue;
          for (let fx = 0; fx < filterW; fx++) {
            const ix = ox * strideW - padLeft + fx * dilationW;
            if (ix < 0 || ix >= inW) continue;
            const xo = ((b * inH + iy) * inW + ix) * inC;
            const fo = (fy * filterW + fx) * outCh;
            for (let o = 0; o < outCh; o++) acc[fo + o] += x[xo + Math.floor(o / mult)] * dy[dyo + o];
          }
        }
      }
    }
  }
  dfilter.set(acc);
}
