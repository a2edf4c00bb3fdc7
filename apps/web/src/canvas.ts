/** Drawing pixel arrays onto canvases, scaled with crisp pixels. */

/** Puts an RGBA image (w×h) onto `canvas`, scaled to fill it. */
export function drawRgba(canvas: HTMLCanvasElement, rgba: Uint8ClampedArray, w: number, h: number, alpha = 1): void {
  const source = document.createElement('canvas');
  source.width = w;
  source.height = h;
  source.getContext('2d')!.putImageData(new ImageData(new Uint8ClampedArray(rgba), w, h), 0, 0);
  const ctx = canvas.getContext('2d')!;
  ctx.imageSmoothingEnabled = false;
  ctx.globalAlpha = alpha;
  ctx.drawImage(source, 0, 0, canvas.width, canvas.height);
  ctx.globalAlpha = 1;
}

/** Grey levels of `values` (w×h), stretched from their min to their max. */
export function grayToRgba(values: ArrayLike<number>, w: number, h: number): Uint8ClampedArray {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < w * h; i++) {
    lo = Math.min(lo, values[i]);
    hi = Math.max(hi, values[i]);
  }
  const span = hi - lo || 1;
  const out = new Uint8ClampedArray(w * h * 4);
  for (let i = 0; i < w * h; i++) {
    const g = Math.round((255 * (values[i] - lo)) / span);
    out.set([g, g, g, 255], i * 4);
  }
  return out;
}

/** Signed values as blue (negative) → white (0) → red (positive), scaled by the largest magnitude. */
export function divergingToRgba(values: ArrayLike<number>, w: number, h: number): Uint8ClampedArray {
  let max = 0;
  for (let i = 0; i < w * h; i++) max = Math.max(max, Math.abs(values[i]));
  const out = new Uint8ClampedArray(w * h * 4);
  for (let i = 0; i < w * h; i++) {
    const v = max === 0 ? 0 : values[i] / max;
    const fade = Math.round(255 * (1 - Math.abs(v)));
    out.set(v >= 0 ? [255, fade, fade, 255] : [fade, fade, 255, 255], i * 4);
  }
  return out;
}

export function newCanvas(w: number, h: number, className?: string): HTMLCanvasElement {
  const c = document.createElement('canvas');
  c.width = w;
  c.height = h;
  if (className) c.className = className;
  return c;
}
