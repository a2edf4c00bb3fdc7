import decodeJpegJs from 'jpeg-js/lib/decoder.js';
import { ImageDecodeError } from './errors.js';
import { readExifOrientation } from './exif-orientation.js';
import { readJpegStructure } from './jpeg-structure.js';
import { applyOrientation } from './orient.js';
import type { RgbaImage } from './types.js';

/**
 * Decode a JPEG (baseline or progressive; greyscale, YCbCr or Adobe CMYK/YCCK) to RGBA with the
 * pure-JS jpeg-js decoder, then turn it upright per its EXIF orientation.
 */
export function decodeJpeg(bytes: Uint8Array, maxPixels: number, honourOrientation = true): RgbaImage {
  const structure = readJpegStructure(bytes, maxPixels);
  let image: RgbaImage;
  try {
    image = decodeJpegJs(bytes, {
      useTArray: true,
      formatAsRGBA: true,
      maxResolutionInMP: maxPixels / 1e6,
      // jpeg-js keeps ~2 bytes per sample of coefficients per component plus its outputs.
      maxMemoryUsageInMB: Math.ceil((maxPixels * (4 + 4 * structure.components * 2)) / 2 ** 20) + 64,
    });
  } catch (error) {
    throw translate(error);
  }
  if (image.width !== structure.width || image.height !== structure.height || image.data.length !== image.width * image.height * 4) {
    throw new ImageDecodeError('CORRUPT', 'The JPEG decoded to a size that disagrees with its header; the file is damaged. Re-export it or fetch it again.');
  }
  return honourOrientation ? applyOrientation(image, readExifOrientation(structure.exif)) : image;
}

function translate(error: unknown): ImageDecodeError {
  const message = error instanceof Error ? error.message : String(error);
  if (/Unsupported color mode/.test(message)) {
    return new ImageDecodeError('UNSUPPORTED_FORMAT', `The JPEG uses a colour model that is not supported (${message}); 4-component JPEGs need an Adobe marker. Re-save it as an RGB JPEG or PNG.`, { cause: error });
  }
  if (/maxResolutionInMP|maxMemoryUsageInMB|allocat|Invalid typed array length/.test(message)) {
    return new ImageDecodeError('TOO_LARGE', `Decoding the JPEG needs more memory than allowed (${message}). Downscale the image, or raise { maxPixels } if this runtime has the memory.`, { cause: error });
  }
  return new ImageDecodeError('CORRUPT', `The JPEG is damaged and could not be decoded (${message}). Re-export it from an image editor or fetch it again.`, { cause: error });
}
