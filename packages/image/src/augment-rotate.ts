import { ImageInputError } from './errors.js';
import { portableSinCos } from './portable-trig.js';
import { uniform, type Rng } from './prng.js';
import type { FloatImage } from './types.js';

export interface RotateOptions {
  /** 'reflect' (default): mirror at the border without repeating the edge pixel (d c b | a b c d | c b a); 'constant': use `value`. */
  fill?: 'reflect' | 'constant';
  /** Fill value for 'constant', on the image's scale. Default 0. */
  value?: number;
}

/**
 * Rotate about the image centre by `degrees` (positive = clockwise on screen, y pointing down),
 * keeping the size. Each output pixel centre is mapped back into the source and sampled
 * bilinearly; taps outside the image come from `fill`.
 */
export function rotate(image: FloatImage, degrees: number, options: RotateOptions = {}): FloatImage {
  if (!Number.isFinite(degrees)) throw new ImageInputError(`rotate needs a finite angle, got ${degrees}.`);
  const fill = options.fill ?? 'reflect';
  if (fill !== 'reflect' && fill !== 'constant') throw new ImageInputError(`fill must be 'reflect' or 'constant', got ${String(fill)}.`);
  const value = options.value ?? 0;
  const { width: w, height: h, data } = image;
  const { sin, cos } = portableSinCos((degrees * Math.PI) / 180);
  const cx = (w - 1) / 2;
  const cy = (h - 1) / 2;
  const out = new Float32Array(data.length);
  const tap = (ix: number, iy: number, c: number): number => {
    if (ix < 0 || ix >= w || iy < 0 || iy >= h) {
      if (fill === 'constant') return value;
      ix = reflect(ix, w);
      iy = reflect(iy, h);
    }
    return data[(iy * w + ix) * 3 + c];
  };
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const dx = x - cx;
      const dy = y - cy;
      const sx = cos * dx + sin * dy + cx;
      const sy = -sin * dx + cos * dy + cy;
      const x0 = Math.floor(sx);
      const y0 = Math.floor(sy);
      const tx = sx - x0;
      const ty = sy - y0;
      const o = (y * w + x) * 3;
      for (let c = 0; c < 3; c++) {
        const top = tap(x0, y0, c) + (tap(x0 + 1, y0, c) - tap(x0, y0, c)) * tx;
        const bottom = tap(x0, y0 + 1, c) + (tap(x0 + 1, y0 + 1, c) - tap(x0, y0 + 1, c)) * tx;
        out[o + c] = top + (bottom - top) * ty;
      }
    }
  }
  return { width: w, height: h, data: out };
}

/** Mirror an integer index into [0, n) without repeating the edge (period 2n − 2). */
export function reflect(i: number, n: number): number {
  if (n === 1) return 0;
  const period = 2 * n - 2;
  let m = i % period;
  if (m < 0) m += period;
  return m < n ? m : period - m;
}

/** Rotate by an angle drawn uniformly from [−maxDegrees, maxDegrees); draws one number from `rng`. */
export function randomRotation(image: FloatImage, rng: Rng, maxDegrees = 10, options: RotateOptions = {}): FloatImage {
  if (!(maxDegrees >= 0 && maxDegrees <= 180)) throw new ImageInputError(`maxDegrees must be in [0, 180], got ${maxDegrees}.`);
  return rotate(image, uniform(rng, -maxDegrees, maxDegrees), options);
}
