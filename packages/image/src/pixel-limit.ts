import { ImageDecodeError } from './errors.js';
import { DEFAULT_MAX_PIXELS } from './types.js';

/** Validate and resolve the `maxPixels` option. */
export function resolveMaxPixels(maxPixels: number | undefined): number {
  if (maxPixels === undefined) return DEFAULT_MAX_PIXELS;
  if (!Number.isFinite(maxPixels) || maxPixels < 1) {
    throw new RangeError(`maxPixels must be a positive finite number, got ${maxPixels}.`);
  }
  return maxPixels;
}

/** Reject dimensions read from a header before any pixel buffer exists. */
export function checkPixelLimit(kind: string, width: number, height: number, maxPixels: number): void {
  if (width < 1 || height < 1) {
    throw new ImageDecodeError('CORRUPT', `The ${kind} header declares an empty image (${width}×${height}); the file is damaged.`);
  }
  const pixels = width * height;
  if (pixels > maxPixels) {
    throw new ImageDecodeError(
      'TOO_LARGE',
      `The ${kind} declares ${width}×${height} = ${(pixels / 1e6).toFixed(1)} megapixels, above the limit of ` +
        `${(maxPixels / 1e6).toFixed(1)} megapixels (about ${Math.ceil((pixels * 4) / 2 ** 20)} MiB of RGBA memory would be needed). ` +
        `Downscale the image first, or raise the limit with the option { maxPixels: ${pixels} } if this runtime has the memory.`,
    );
  }
}
