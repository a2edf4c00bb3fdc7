import { checkLength } from '../check.js';
import { checkPoolInfo } from '../conv-check.js';
import type { Conv2DInfo } from '../kernel-set.js';

/** Window mean over in-image taps only. */
export function avgPool(x: Float32Array, out: Float32Array, info: Conv2DInfo): void {
  const name = 'avgPool';
  const size = checkPoolInfo(name, info);
  checkLength(name, 'x', x, size.x);
  checkLength(name, 'out', out, size.out);
  const { batch, inH, inW, inC: ch, filterH, filterW, strideH, strideW, padTop, padLeft, outH, outW } = info;
  const acc = new Float64Array(ch);
  for (let b = 0; b < batch; b++) {
    for (let oy = 0; oy < outH; oy++) {
      const y0 = Math.max(0, oy * strideH - padTop);
      const y1 = Math.min(inH, oy * strideH - padTop + filterH);
      for (let ox = 0; ox < outW; ox++) {
        const x0 = Math.max(0, ox * strideW - padLeft);
        const x1 = Math.min(inW, ox * strideW - padLeft + filterW);
        acc.fill(0);
        for (let iy = y0; iy < y1; iy++) {
          for (let ix = x0; ix < x1; ix++) {
            const i = ((b * inH + iy) * inW + ix) * ch;
            for (let c = 0; c < ch; c++) acc[c] += x[i + c];
          }
        }
        const count = (y1 - y0) * (x1 - x0);
        const o = ((b * outH + oy) * outW + ox) * ch;
        for (let c = 0; c < ch; c++) out[o + c] = acc[c] / count;
      }
    }
  }
}
