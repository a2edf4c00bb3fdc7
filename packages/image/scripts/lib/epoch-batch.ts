/** Turns cached uint8 pixels into the float [0, 1] NHWC training tensor, augmented per epoch. */
import { augment, createRng, type AugmentOptions, type FloatImage } from '../../src/index.js';
import type { PixelSet } from './pixel-cache.js';

export const TRAIN_AUGMENTATION: AugmentOptions = { flip: 0.5, crop: { minScale: 0.75 }, rotation: 10, color: { brightness: 0.2, contrast: 0.2, saturation: 0.2 } };

/** Plain conversion (validation / test): out[i] = pixel / 255. */
export function toFloat(set: PixelSet, out: Float32Array = new Float32Array(set.pixels.length)): Float32Array {
  for (let i = 0; i < set.pixels.length; i++) out[i] = set.pixels[i] / 255;
  return out;
}

/** Fills `out` with one augmented copy of every image; the same (seed, epoch) gives the same epoch. */
export function fillAugmented(set: PixelSet, out: Float32Array, seed: number, epoch: number, options = TRAIN_AUGMENTATION): void {
  const rng = createRng((seed * 100_003 + epoch) >>> 0);
  const per = set.side * set.side * 3;
  const n = set.y.length;
  for (let i = 0; i < n; i++) {
    const data = new Float32Array(per);
    for (let j = 0; j < per; j++) data[j] = set.pixels[i * per + j] / 255;
    const image: FloatImage = { width: set.side, height: set.side, data };
    out.set(augment(image, rng, options).data, i * per);
  }
}
