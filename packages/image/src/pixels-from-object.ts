import { ImageInputError } from './errors.js';
import { checkPixelLimit } from './pixel-limit.js';
import type { RgbaImage } from './types.js';

/** `{width, height, data}` (ImageData-like, RGBA) or `{width, height, data, channels: 3 | 4}`. */
export function isPixelObject(input: unknown): input is { width: number; height: number; data: unknown; channels?: unknown } {
  return typeof input === 'object' && input !== null && 'width' in input && 'height' in input && 'data' in input;
}

/**
 * Validate an in-memory pixel object and return it as RGBA (a view, not a copy, when it already is).
 * Data must be 8-bit (Uint8Array, Uint8ClampedArray or a number array of 0–255 integers).
 */
export function pixelsFromObject(input: { width: number; height: number; data: unknown; channels?: unknown }, maxPixels: number): RgbaImage {
  const { width, height, data } = input;
  const channels = input.channels ?? 4;
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
    throw new ImageInputError(`Pixel object needs positive integer width and height, got ${String(width)}×${String(height)}.`);
  }
  if (channels !== 3 && channels !== 4) {
    throw new ImageInputError(`Pixel object channels must be 3 (RGB) or 4 (RGBA), got ${String(channels)}. Expand greyscale to RGB first.`);
  }
  checkPixelLimit('pixel object', width, height, maxPixels);
  const expected = width * height * channels;
  let bytes: Uint8Array | Uint8ClampedArray;
  if (data instanceof Uint8Array || data instanceof Uint8ClampedArray) {
    bytes = data;
  } else if (Array.isArray(data)) {
    for (let i = 0; i < data.length; i++) {
      const v = data[i];
      if (!Number.isInteger(v) || v < 0 || v > 255) {
        throw new ImageInputError(`Pixel data must hold integers 0–255; element ${i} is ${String(v)}.`);
      }
    }
    bytes = Uint8Array.from(data as number[]);
  } else {
    const kind = (data as object | null)?.constructor?.name ?? typeof data;
    throw new ImageInputError(`Pixel data must be a Uint8Array, Uint8ClampedArray or number array of 0–255 values, got ${kind}. For float pixels in [0, 1], multiply by 255 and round first.`);
  }
  if (bytes.length !== expected) {
    throw new ImageInputError(`Pixel data has ${bytes.length} values but ${width}×${height}×${channels} = ${expected} are needed. Pass channels: 3 for RGB data.`);
  }
  if (channels === 4) return { width, height, data: bytes };
  const rgba = new Uint8Array(width * height * 4);
  for (let i = 0, j = 0; i < expected; i += 3, j += 4) {
    rgba[j] = bytes[i];
    rgba[j + 1] = bytes[i + 1];
    rgba[j + 2] = bytes[i + 2];
    rgba[j + 3] = 255;
  }
  return { width, height, data: rgba };
}
