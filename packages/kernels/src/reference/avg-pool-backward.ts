import { checkLength } from '../check.js';
import { checkPoolInfo } from '../conv-check.js';
import type { Conv2DInfo } from '../kernel-set.js';

/** dx[tap] += dy[o] / (in-image taps of window o). */
export function avgPoolBackward(dy: Float32Array, dx: Float32Array, info: Conv2DInfo): void {
  const name = 'avgPoolBackward';
  const size = checkPoolInfo(name, info);
  checkLength(name, 'dy', dy, size.out);
  checkLength(name, 'dx', dx, size.x);
  const { batch, inH, inW, inC: ch, filterH, filterW, strideH, strideW, padTop, padLeft, outH, outW } = info;
  const acc = new Float64Array(size.x);
  for (let b = 0; b < batch; b++) {
    for (let oy = 0; oy < outH; oy++) {
      const y0 = Math.max(0, oy * strideH - padTop);
      const y1 = Math.min(inH, oy * strideH - padTop + filterH);
      for (let ox = 0; ox < outW; ox++) {
        const x0 = Math.max(0, ox * strideW - padLeft);
        const x1 = Math.min(inW, ox * strideW - padLeft + filterW);
        const inv = 1 / ((y1 - y0) * (x1 - x0));
        const o = ((b * outH + oy) * outW + ox) * ch;
        for (let iy = y0; iy < y1; iy++) {
          for (let ix = x0; ix < x1; ix++) {
            const i = ((b * inH + iy) * inW + ix) * ch;
            for (let c = 0; c < ch; c++) acc[i + c] += dy[o + c] * inv;
          }
        }
      }
    }
  }
  dx.set(acc);
}
