import { checkLength } from '../check.js';
import { checkPoolInfo } from '../conv-check.js';
import type { Conv2DInfo } from '../kernel-set.js';

/** Window max over in-image taps; argmax is the flat x index of the first max (a NaN wins, so it propagates). */
export function maxPool(x: Float32Array, out: Float32Array, argmax: Int32Array, info: Conv2DInfo): void {
  const name = 'maxPool';
  const size = checkPoolInfo(name, info);
  checkLength(name, 'x', x, size.x);
  checkLength(name, 'out', out, size.out);
  checkLength(name, 'argmax', argmax, size.out);
  const { batch, inH, inW, inC: ch, filterH, filterW, strideH, strideW, padTop, padLeft, outH, outW } = info;
  for (let b = 0; b < batch; b++) {
    for (let oy = 0; oy < outH; oy++) {
      const y0 = Math.max(0, oy * strideH - padTop);
      const y1 = Math.min(inH, oy * strideH - padTop + filterH);
      for (let ox = 0; ox < outW; ox++) {
        const x0 = Math.max(0, ox * strideW - padLeft);
        const x1 = Math.min(inW, ox * strideW - padLeft + filterW);
        const o = ((b * outH + oy) * outW + ox) * ch;
        for (let c = 0; c < ch; c++) {
          let best = -Infinity;
          let at = ((b * inH + y0) * inW + x0) * ch + c;
          for (let iy = y0; iy < y1; iy++) {
            for (let ix = x0; ix < x1; ix++) {
              const i = ((b * inH + iy) * inW + ix) * ch + c;
              const v = x[i];
              if (v > best || (v !== v && best === best)) {
                best = v;
                at = i;
              }
            }
          }
          out[o + c] = best;
          argmax[o + c] = at;
        }
      }
    }
  }
}
