import { randomCrop, type RandomCropOptions } from './augment-crop.js';
import { colorJitter, type ColorJitterOptions } from './augment-color.js';
import { randomFlip } from './augment-flip.js';
import { randomRotation, type RotateOptions } from './augment-rotate.js';
import type { Rng } from './prng.js';
import type { FloatImage } from './types.js';

export interface AugmentOptions {
  /** Probability of a horizontal flip; default 0.5; 0 disables. */
  flip?: number;
  /** Random crop + resize back; false disables. Default { minScale: 0.8 }. */
  crop?: RandomCropOptions | false;
  /** Largest rotation in degrees; default 10; 0 disables. */
  rotation?: number;
  rotationFill?: RotateOptions;
  /** Colour jitter strengths; false disables. Default 0.2 each. */
  color?: ColorJitterOptions | false;
}

/**
 * The standard training augmentation on a [0, 1] float image (before normalisation), in a fixed
 * order: flip → crop → rotation → colour. Every enabled step always draws its numbers, so a given
 * seed yields the same sequence of images in every runtime.
 */
export function augment(image: FloatImage, rng: Rng, options: AugmentOptions = {}): FloatImage {
  let out = image;
  const flip = options.flip ?? 0.5;
  if (flip > 0) out = randomFlip(out, rng, flip);
  if (options.crop !== false) out = randomCrop(out, rng, options.crop ?? {});
  const rotation = options.rotation ?? 10;
  if (rotation > 0) out = randomRotation(out, rng, rotation, options.rotationFill);
  if (options.color !== false) out = colorJitter(out, rng, options.color ?? {});
  return out;
}
