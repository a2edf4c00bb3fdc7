import { bilinearResample } from './bilinear.js';
import { ImageInputError } from './errors.js';
import { uniform, type Rng } from './prng.js';
import type { FloatImage } from './types.js';

export interface RandomCropOptions {
  /** Smallest crop side as a fraction of the image side (same fraction for both axes). Default 0.8. */
  minScale?: number;
  /** Largest fraction. Default 1. */
  maxScale?: number;
}

/**
 * Crop a random window with the image's aspect ratio and resize it back to the original size with
 * bilinear sampling (half-pixel centres, bilinear.ts). Draws exactly three numbers from `rng`:
 * scale ∈ [minScale, maxScale), then the left and top offsets as fractions of the free space.
 * The window is in continuous pixel units, so no rounding is involved.
 */
export function randomCrop(image: FloatImage, rng: Rng, options: RandomCropOptions = {}): FloatImage {
  const minScale = options.minScale ?? 0.8;
  const maxScale = options.maxScale ?? 1;
  if (!(minScale > 0 && minScale <= maxScale && maxScale <= 1)) {
    throw new ImageInputError(`randomCrop needs 0 < minScale ≤ maxScale ≤ 1, got minScale ${minScale}, maxScale ${maxScale}.`);
  }
  const scale = uniform(rng, minScale, maxScale);
  const cw = image.width * scale;
  const ch = image.height * scale;
  const x = (image.width - cw) * rng();
  const y = (image.height - ch) * rng();
  return cropAndResize(image, { x, y, width: cw, height: ch });
}

/** Resample the window {x, y, width, height} (pixel units) of `image` back to the image's size. */
export function cropAndResize(image: FloatImage, rect: { x: number; y: number; width: number; height: number }): FloatImage {
  const data = bilinearResample(image.data, image.width, image.height, rect, image.width, image.height);
  return { width: image.width, height: image.height, data };
}
