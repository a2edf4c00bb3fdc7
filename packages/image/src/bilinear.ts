/** A rectangle in source pixel units; (x, y) is the top-left edge of the area, not a pixel centre. */
export interface SampleRect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * Bilinear resampling of a 3-channel row-major image, with half-pixel centres: output pixel i
 * samples source coordinate rect.x + (i + 0.5) · rect.width / outWidth − 0.5 (and likewise for y),
 * taps clamped to the image edge. Separable (horizontal pass, then vertical) in float64, so the
 * result depends only on IEEE arithmetic and is identical in every JavaScript runtime.
 */
export function bilinearResample(
  src: ArrayLike<number>,
  width: number,
  height: number,
  rect: SampleRect,
  outWidth: number,
  outHeight: number,
  out: Float32Array = new Float32Array(outWidth * outHeight * 3),
): Float32Array {
  const xs = taps(rect.x, rect.width, outWidth, width);
  const ys = taps(rect.y, rect.height, outHeight, height);
  // Horizontal pass over only the source rows the vertical pass needs (all rows in general).
  const rows = new Float64Array(height * outWidth * 3);
  const needed = new Uint8Array(height);
  for (let j = 0; j < outHeight; j++) {
    needed[ys.i0[j]] = 1;
    needed[ys.i1[j]] = 1;
  }
  for (let y = 0; y < height; y++) {
    if (!needed[y]) continue;
    const row = y * width * 3;
    for (let i = 0; i < outWidth; i++) {
      const a = row + xs.i0[i] * 3;
      const b = row + xs.i1[i] * 3;
      const t = xs.t[i];
      const o = (y * outWidth + i) * 3;
      rows[o] = src[a] + (src[b] - src[a]) * t;
      rows[o + 1] = src[a + 1] + (src[b + 1] - src[a + 1]) * t;
      rows[o + 2] = src[a + 2] + (src[b + 2] - src[a + 2]) * t;
    }
  }
  for (let j = 0; j < outHeight; j++) {
    const a = ys.i0[j] * outWidth * 3;
    const b = ys.i1[j] * outWidth * 3;
    const t = ys.t[j];
    const o = j * outWidth * 3;
    for (let k = 0; k < outWidth * 3; k++) out[o + k] = rows[a + k] + (rows[b + k] - rows[a + k]) * t;
  }
  return out;
}

/** Per output index: the two source taps and the weight of the second. */
function taps(start: number, span: number, outSize: number, srcSize: number) {
  const i0 = new Int32Array(outSize);
  const i1 = new Int32Array(outSize);
  const t = new Float64Array(outSize);
  for (let i = 0; i < outSize; i++) {
    let u = start + ((i + 0.5) * span) / outSize - 0.5;
    if (u < 0) u = 0;
    if (u > srcSize - 1) u = srcSize - 1;
    const f = Math.floor(u);
    i0[i] = f;
    i1[i] = Math.min(f + 1, srcSize - 1);
    t[i] = u - f;
  }
  return { i0, i1, t };
}
