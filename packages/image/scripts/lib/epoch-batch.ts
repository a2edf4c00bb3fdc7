/** Turns cached uint8 pixels into the float [0, 1] NHWC training tensor, augmented per epoch. */
import { augment, createRng, randomResizedCrop, type AugmentOptions, type FloatImage } from '../../src/index.js';
import type { PixelSet } from './pixel-cache.js';

export const TRAIN_AUGMENTATION: AugmentOptions = { flip: 0.5, crop: { minScale: 0.75 }, rotation: 10, color: { brightness: 0.2, contrast: 0.2, saturation: 0.2 } };

/** The random stream of one training epoch: the same (seed, epoch) replays the same augmentations. */
function epochRng(seed: number, epoch: number) {
  return createRng((seed * 100_003 + epoch) >>> 0);
}

/** Plain conversion (validation / test): out[i] = pixel / 255. */
export function toFloat(set: PixelSet, out: Float32Array = new Float32Array(set.pixels.length)): Float32Array {
  for (let i = 0; i < set.pixels.length; i++) out[i] = set.pixels[i] / 255;
  return out;
}

/** Fills `out` with one augmented copy of every image; the same (seed, epoch) gives the same epoch. */
export function fillAugmented(set: PixelSet, out: Float32Array, seed: number, epoch: number, options = TRAIN_AUGMENTATION): void {
  const rng = epochRng(seed, epoch);
  const per = set.side * set.side * 3;
  const n = set.y.length;
  for (let i = 0; i < n; i++) {
    const data = new Float32Array(per);
    for (let j = 0; j < per; j++) data[j] = set.pixels[i * per + j] / 255;
    const image: FloatImage = { width: set.side, height: set.side, data };
    out.set(augment(image, rng, options).data, i * per);
  }
}

/** `--augment resized`: the window comes from randomResizedCrop; flip, rotation and colour as above. */
export const RESIZED_CROP_AUGMENTATION: AugmentOptions = { ...TRAIN_AUGMENTATION, crop: false };
export const RESIZED_CROP_SCALE: readonly [number, number] = [0.3, 1];

/** Float images at a larger side than the network input, the source of random resized crops. */
export interface CropSource {
  side: number;
  /** n × side × side × 3 values in [0, 1]. */
  data: Float32Array;
}

/**
 * Halves a pixel set's side by averaging 2×2 blocks, into [0, 1] floats: the step resizeToSquare
 * itself takes first when it shrinks by 2 or more, so crops of the halved 150 px cache see the
 * same kind of prefiltered pixels as the direct resize used at test time.
 */
export function halveToFloat(set: PixelSet): CropSource {
  const side = Math.floor(set.side / 2);
  const n = set.y.length;
  const data = new Float32Array(n * side * side * 3);
  const row = set.side * 3;
  for (let i = 0; i < n; i++) {
    const src = i * set.side * row;
    for (let y = 0; y < side; y++) {
      for (let x = 0; x < side; x++) {
        for (let c = 0; c < 3; c++) {
          const a = src + 2 * y * row + 2 * x * 3 + c;
          const sum = set.pixels[a] + set.pixels[a + 3] + set.pixels[a + row] + set.pixels[a + row + 3];
          data[((i * side + y) * side + x) * 3 + c] = sum / (4 * 255);
        }
      }
    }
  }
  return { side, data };
}

/**
 * Fills `out` (n × size × size × 3) with one random resized crop of every source image, then
 * flip, rotation and colour jitter; the same (seed, epoch) gives the same epoch.
 */
export function fillResizedCropAugmented(source: CropSource, size: number, out: Float32Array, seed: number, epoch: number): void {
  const rng = epochRng(seed, epoch);
  const per = source.side * source.side * 3;
  const n = source.data.length / per;
  for (let i = 0; i < n; i++) {
    const image: FloatImage = { width: source.side, height: source.side, data: source.data.subarray(i * per, (i + 1) * per) };
    const crop = randomResizedCrop(image, rng, { size, scale: RESIZED_CROP_SCALE });
    out.set(augment(crop, rng, RESIZED_CROP_AUGMENTATION).data, i * size * size * 3);
  }
}
