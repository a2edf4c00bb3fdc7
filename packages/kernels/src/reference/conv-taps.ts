/**
 * The walk every reference conv and pooling kernel shares: output pixel (b, oy, ox) reads input
 * pixel (b, iy, ix) through filter tap (fy, fx), with
 *   iy = oy·strideH − padTop + fy·dilationH,   ix = ox·strideW − padLeft + fx·dilationW.
 * Taps that land in the padding are skipped (a conv reads them as 0; pooling ignores them).
 */
import type { Conv2DInfo } from '../kernel-set.js';

/**
 * Calls `visit(outPixel, inPixel, tap)` for every in-image tap, in the order b, oy, ox, fy, fx.
 * The arguments are flat indices: outPixel = (b·outH + oy)·outW + ox, inPixel = (b·inH + iy)·inW + ix,
 * tap = fy·filterW + fx; multiply by a channel count to get an NHWC / HWIO element offset.
 */
export function forEachTap(info: Conv2DInfo, visit: (outPixel: number, inPixel: number, tap: number) => void): void {
  const { batch, inH, inW, filterH, filterW, strideH, strideW, dilationH, dilationW, padTop, padLeft, outH, outW } = info;
  for (let b = 0; b < batch; b++) {
    for (let oy = 0; oy < outH; oy++) {
      for (let ox = 0; ox < outW; ox++) {
        const outPixel = (b * outH + oy) * outW + ox;
        for (let fy = 0; fy < filterH; fy++) {
          const iy = oy * strideH - padTop + fy * dilationH;
          if (iy < 0 || iy >= inH) continue;
          for (let fx = 0; fx < filterW; fx++) {
            const ix = ox * strideW - padLeft + fx * dilationW;
            if (ix < 0 || ix >= inW) continue;
            visit(outPixel, (b * inH + iy) * inW + ix, fy * filterW + fx);
          }
        }
      }
    }
  }
}

/** The number of in-image taps of each output pixel's window (the divisor of an average pool). */
export function countTaps(info: Conv2DInfo): Uint32Array {
  const counts = new Uint32Array(info.batch * info.outH * info.outW);
  forEachTap(info, (outPixel) => counts[outPixel]++);
  return counts;
}
