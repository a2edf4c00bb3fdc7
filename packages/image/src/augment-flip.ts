import type { Rng } from './prng.js';
import type { FloatImage } from './types.js';

/** Mirror left ↔ right. Returns a new image. */
export function flipHorizontal(image: FloatImage): FloatImage {
  const { width: w, height: h, data } = image;
  const out = new Float32Array(data.length);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const s = (y * w + x) * 3;
      const o = (y * w + (w - 1 - x)) * 3;
      out[o] = data[s];
      out[o + 1] = data[s + 1];
      out[o + 2] = data[s + 2];
    }
  }
  return { width: w, height: h, data: out };
}

/** Flip with probability `p` (default 0.5); draws exactly one number from `rng`. */
export function randomFlip(image: FloatImage, rng: Rng, p = 0.5): FloatImage {
  return rng() < p ? flipHorizontal(image) : image;
}
