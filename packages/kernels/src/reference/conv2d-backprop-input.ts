import { checkLength } from '../check.js';
import { checkConvInfo } from '../conv-check.js';
import type { Conv2DInfo } from '../kernel-set.js';

/** dx[b,iy,ix,c] = Σ dy[b,oy,ox,o] · filter[fy,fx,c,o] over the taps that read (iy, ix). */
export function conv2dBackpropInput(dy: Float32Array, filter: Float32Array, dx: Float32Array, info: Conv2DInfo): void {
  const name = 'conv2dBackpropInput';
  const size = checkConvInfo(name, info);
  checkLength(name, 'dy', dy, size.out);
  checkLength(name, 'filter', filter, size.filter);
  checkLength(name, 'dx', dx, size.x);
  const { batch, inH, inW, inC, filterH, filterW, outC, strideH, strideW, dilationH, dilationW, padTop, padLeft, outH, outW } = info;
  const acc = new Float64Array(size.x);
  for (let b = 0; b < batch; b++) {
    for (let oy = 0; oy < outH; oy++) {
      for (let ox = 0; ox < outW; ox++) {
        const dyo = ((b * outH + oy) * outW + ox) * outC;
        for (let fy = 0; fy < filterH; fy++) {
          const iy = oy * strideH - padTop + fy * dilationH;
          if (iy < 0 || iy >= inH) continue;
          for (let fx = 0; fx < filterW; fx++) {
            const ix = ox * strideW - padLeft + fx * dilationW;
            if (ix < 0 || ix >= inW) continue;
            const xo = ((b * inH + iy) * inW + ix) * inC;
            const fo = (fy * filterW + fx) * inC * outC;
            for (let c = 0; c < inC; c++) {
              let s = 0;
              const fr = fo + c * outC;
              for (let o = 0; o < outC; o++) s += dy[dyo + o] * filter[fr + o];
              acc[xo + c] += s;
            }
          }
        }
      }
    }
  }
  dx.set(acc);
}
