import { isCanvasSource, pixelsFromCanvasSource } from './browser-pixels.js';
import { decode, type DecodeBytesOptions } from './decode.js';
import { ImageInputError } from './errors.js';
import { resolveMaxPixels } from './pixel-limit.js';
import { isPixelObject, pixelsFromObject } from './pixels-from-object.js';
import { readFileBytes } from './read-file.js';
import { describe, isBlob, isImageBytes } from './to-bytes.js';
import type { ImageBytes, RawPixels, RgbaImage } from './types.js';

/** Everything `loadImage` (and so `preprocess`) accepts. */
export type ImageInput =
  | ImageBytes
  | Blob
  | string
  | RgbaImage
  | RawPixels
  | { width: number; height: number; data: ArrayLike<number> }
  | object; // HTMLImageElement, HTMLCanvasElement, OffscreenCanvas, ImageBitmap (browsers)

/**
 * Turn any supported input into RGBA pixels:
 * - bytes (Uint8Array, Buffer, ArrayBuffer, DataView) or Blob/File of a JPEG or PNG → decoded;
 * - a string → a file path, read with node:fs (Node/Deno/Bun only);
 * - `{width, height, data}` → RGBA as in ImageData; `{…, channels: 3}` → RGB;
 * - browser drawables (img, canvas, OffscreenCanvas, ImageBitmap) → read through a 2D canvas.
 */
export async function loadImage(input: ImageInput, options: DecodeBytesOptions = {}): Promise<RgbaImage> {
  const maxPixels = resolveMaxPixels(options.maxPixels);
  if (typeof input === 'string') return decode(await readFileBytes(input), options);
  if (isImageBytes(input) || isBlob(input)) return decode(input, options);
  if (isCanvasSource(input)) return pixelsFromCanvasSource(input, maxPixels);
  if (isPixelObject(input)) return pixelsFromObject(input, maxPixels);
  throw new ImageInputError(
    `Cannot load an image from ${describe(input)}. Pass JPEG/PNG bytes (Uint8Array, Buffer, ArrayBuffer), a Blob, a file path (Node), ` +
      '{width, height, data} RGBA pixels, {width, height, data, channels: 3} RGB pixels, or (in browsers) an image, canvas or ImageBitmap.',
  );
}
