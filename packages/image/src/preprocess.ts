import type { DecodeBytesOptions } from './decode.js';
import { ImageInputError } from './errors.js';
import { loadImage, type ImageInput } from './load-image.js';
import { normalizeInPlace, type Normalization } from './normalize.js';
import { checkSize, resizeToSquare, type ResizeOptions } from './resize.js';
import type { RgbaImage } from './types.js';

export interface PreprocessOptions extends DecodeBytesOptions, ResizeOptions {
  /** Value mapping applied last; default 'unit' ([0, 1]). */
  normalization?: Normalization;
}

/** A batch ready for the model: `data` is NHWC float32, `shape` is [n, size, size, 3]. */
export interface ImageBatch {
  data: Float32Array;
  shape: [number, number, number, number];
}

/**
 * Inputs → one NHWC float32 batch: loadImage (decode + EXIF orientation) → resizeToSquare
 * (crop/squash, box prefilter, bilinear, /255) → normalization. Use the same options for
 * training and inference so both see identical tensors.
 */
export async function preprocess(inputs: ImageInput | readonly ImageInput[], options: PreprocessOptions): Promise<ImageBatch> {
  const list = Array.isArray(inputs) ? inputs : [inputs];
  const images: RgbaImage[] = [];
  for (const input of list) images.push(await loadImage(input, options));
  return preprocessPixels(images, options);
}

/** The synchronous part of `preprocess`, for already-decoded RGBA images. */
export function preprocessPixels(images: readonly RgbaImage[], options: PreprocessOptions): ImageBatch {
  if (!options || typeof options !== 'object') throw new ImageInputError('preprocess needs options with at least { size }.');
  if (images.length === 0) throw new ImageInputError('preprocess needs at least one image.');
  const { size } = options;
  checkSize(size);
  const per = size * size * 3;
  const data = new Float32Array(images.length * per);
  images.forEach((image, i) => {
    data.set(resizeToSquare(image, options).data, i * per);
  });
  normalizeInPlace(data, options.normalization ?? 'unit');
  return { data, shape: [images.length, size, size, 3] };
}
