import { canDecodeNatively, decodeNatively } from './browser-pixels.js';
import { decodeJpeg } from './decode-jpeg.js';
import { decodePng } from './decode-png.js';
import { ImageDecodeError, ImageInputError } from './errors.js';
import { readJpegStructure } from './jpeg-structure.js';
import { resolveMaxPixels } from './pixel-limit.js';
import { readPngStructure } from './png-structure.js';
import { formatName, sniffFormat } from './sniff-format.js';
import { describe, isBlob, isImageBytes, toUint8Array } from './to-bytes.js';
import type { DecodeOptions, ImageBytes, RgbaImage } from './types.js';

const SIGNATURES = [[0xff, 0xd8, 0xff], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]];

/** Options for decoding bytes. */
export interface DecodeBytesOptions extends DecodeOptions {
  /** 'from-image' (default) applies the JPEG EXIF orientation; 'none' keeps the stored pixel order. */
  orientation?: 'from-image' | 'none';
}

/** Throw the right typed error unless the bytes are a JPEG or PNG; returns which one. */
function checkFormat(bytes: Uint8Array): 'jpeg' | 'png' {
  if (bytes.length === 0) {
    throw new ImageDecodeError('EMPTY', 'The image is empty (0 bytes). Check that the file was read or uploaded completely.');
  }
  const format = sniffFormat(bytes);
  if (format === 'jpeg' || format === 'png') return format;
  if (SIGNATURES.some((sig) => bytes.length < sig.length && bytes.every((b, i) => b === sig[i]))) {
    throw new ImageDecodeError('TRUNCATED', `The image is only ${bytes.length} byte(s) long: it was cut off right after its signature. Fetch or export it again.`);
  }
  const preview = format === 'text' ? ` (it starts with ${JSON.stringify(new TextDecoder().decode(bytes.subarray(0, 24)))})` : '';
  throw new ImageDecodeError('UNSUPPORTED_FORMAT', `The input is ${formatName(format)}${preview}, not a JPEG or PNG. Convert it to JPEG or PNG first.`);
}

/**
 * Decode JPEG or PNG bytes to RGBA with the bundled pure-JS decoders. Same pixels in every runtime.
 * Throws ImageDecodeError (code EMPTY, TRUNCATED, UNSUPPORTED_FORMAT, TOO_LARGE or CORRUPT).
 */
export function decodeSync(input: ImageBytes, options: DecodeBytesOptions = {}): RgbaImage {
  if (!isImageBytes(input)) {
    throw new ImageInputError(`decodeSync expects bytes (Uint8Array, Buffer, ArrayBuffer or DataView), got ${describe(input)}.`);
  }
  const bytes = toUint8Array(input);
  const maxPixels = resolveMaxPixels(options.maxPixels);
  const format = checkFormat(bytes);
  return format === 'jpeg' ? decodeJpeg(bytes, maxPixels, options.orientation !== 'none') : decodePng(bytes, maxPixels);
}

/**
 * Decode JPEG or PNG bytes or a Blob/File to RGBA. In browsers (createImageBitmap + canvas) the
 * native decoder is used unless `decoder: 'js'`; headers are validated by our own parsers first
 * either way, so limits and error codes are the same everywhere.
 */
export async function decode(input: ImageBytes | Blob, options: DecodeBytesOptions = {}): Promise<RgbaImage> {
  let bytes: Uint8Array;
  if (isBlob(input)) bytes = new Uint8Array(await input.arrayBuffer());
  else if (isImageBytes(input)) bytes = toUint8Array(input);
  else throw new ImageInputError(`decode expects bytes (Uint8Array, Buffer, ArrayBuffer, DataView) or a Blob, got ${describe(input)}.`);
  if ((options.decoder ?? 'auto') === 'auto' && canDecodeNatively()) {
    const maxPixels = resolveMaxPixels(options.maxPixels);
    const format = checkFormat(bytes);
    if (format === 'jpeg') readJpegStructure(bytes, maxPixels);
    else readPngStructure(bytes, maxPixels);
    const image = await decodeNatively(bytes, options.orientation !== 'none', maxPixels);
    if (image) return image;
  }
  return decodeSync(bytes, options);
}
