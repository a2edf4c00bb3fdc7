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

export interface RandomResizedCropOptions {
  /** Output side in pixels (the output is size × size). */
  size: number;
  /** Range of the window's area as a fraction of the image's area. Default [0.3, 1]. */
  scale?: readonly [number, number];
  /** Range of the window's aspect ratio (width / height), drawn log-uniformly. Default [3/4, 4/3]. */
  ratio?: readonly [number, number];
}

/**
 * Keras' RandomCrop grown into torchvision's RandomResizedCrop: a window of random area and aspect
 * ratio, resampled (bilinear, half-pixel centres) to size × size. Draws exactly four numbers from
 * `rng`: area fraction, log aspect ratio, then the left and top offsets as fractions of the free
 * space. A window wider or taller than the image is clamped to it (instead of torchvision's
 * retries), so every call draws the same count and a seed replays the same stream.
 * The source should be at least `size` on a side: the resampling does not prefilter, so windows
 * much larger than the output alias.
 */
export function randomResizedCrop(image: FloatImage, rng: Rng, options: RandomResizedCropOptions): FloatImage {
  const { size } = options;
  const [minArea, maxArea] = options.scale ?? [0.3, 1];
  const [minRatio, maxRatio] = options.ratio ?? [3 / 4, 4 / 3];
  if (!(Number.isInteger(size) && size > 0)) throw new ImageInputError(`randomResizedCrop needs a positive integer size, got ${size}.`);
  if (!(minArea > 0 && minArea <= maxArea && maxArea <= 1)) {
    throw new ImageInputError(`randomResizedCrop needs 0 < scale[0] ≤ scale[1] ≤ 1, got [${minArea}, ${maxArea}].`);
  }
  if (!(minRatio > 0 && minRatio <= maxRatio)) throw new ImageInputError(`randomResizedCrop needs 0 < ratio[0] ≤ ratio[1], got [${minRatio}, ${maxRatio}].`);
  const area = image.width * image.height * uniform(rng, minArea, maxArea);
  const aspect = Math.exp(uniform(rng, Math.log(minRatio), Math.log(maxRatio)));
  const width = Math.min(image.width, Math.sqrt(area * aspect));
  const height = Math.min(image.height, Math.sqrt(area / aspect));
  const x = (image.width - width) * rng();
  const y = (image.height - height) * rng();
  const data = bilinearResample(image.data, image.width, image.height, { x, y, width, height }, size, size);
  return { width: size, height: size, data };
}
