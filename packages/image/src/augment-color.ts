import { ImageInputError } from './errors.js';
import { uniform, type Rng } from './prng.js';
import type { FloatImage } from './types.js';

/** Jitter strengths: each factor is drawn from [1 − s, 1 + s). 0 disables that step. */
export interface ColorJitterOptions {
  brightness?: number;
  contrast?: number;
  saturation?: number;
}

/** Factors (1 = unchanged) for `adjustColor`. */
export interface ColorFactors {
  brightness: number;
  contrast: number;
  saturation: number;
}

const luma = (r: number, g: number, b: number) => 0.299 * r + 0.587 * g + 0.114 * b;
const clamp01 = (v: number) => (v < 0 ? 0 : v > 1 ? 1 : v);

/**
 * Colour adjustments on a [0, 1] image, always in this order, clamping to [0, 1] after each:
 * brightness x·b; contrast (x − m)·c + m with m the mean luma (0.299 R + 0.587 G + 0.114 B) of the
 * image; saturation (x − l)·s + l with l the pixel's own luma.
 */
export function adjustColor(image: FloatImage, factors: ColorFactors): FloatImage {
  const { brightness: b, contrast: c, saturation: s } = factors;
  const src = image.data;
  const out = new Float32Array(src.length);
  for (let i = 0; i < src.length; i++) out[i] = clamp01(src[i] * b);
  if (c !== 1) {
    let sum = 0;
    for (let i = 0; i < out.length; i += 3) sum += luma(out[i], out[i + 1], out[i + 2]);
    const mean = sum / (out.length / 3);
    for (let i = 0; i < out.length; i++) out[i] = clamp01((out[i] - mean) * c + mean);
  }
  if (s !== 1) {
    for (let i = 0; i < out.length; i += 3) {
      const l = luma(out[i], out[i + 1], out[i + 2]);
      out[i] = clamp01((out[i] - l) * s + l);
      out[i + 1] = clamp01((out[i + 1] - l) * s + l);
      out[i + 2] = clamp01((out[i + 2] - l) * s + l);
    }
  }
  return { width: image.width, height: image.height, data: out };
}

/** Random colour jitter; draws exactly three numbers from `rng` (brightness, contrast, saturation). */
export function colorJitter(image: FloatImage, rng: Rng, options: ColorJitterOptions = {}): FloatImage {
  const strength = (name: keyof ColorJitterOptions, fallback: number) => {
    const v = options[name] ?? fallback;
    if (!(v >= 0 && v < 1)) throw new ImageInputError(`colorJitter ${name} must be in [0, 1), got ${v}.`);
    return v;
  };
  const sb = strength('brightness', 0.2);
  const sc = strength('contrast', 0.2);
  const ss = strength('saturation', 0.2);
  return adjustColor(image, {
    brightness: uniform(rng, 1 - sb, 1 + sb),
    contrast: uniform(rng, 1 - sc, 1 + sc),
    saturation: uniform(rng, 1 - ss, 1 + ss),
  });
}
