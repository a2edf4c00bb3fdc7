import { ImageDecodeError } from './errors.js';
import { checkPixelLimit } from './pixel-limit.js';

/** What the chunk walk learns about a PNG without inflating anything. */
export interface PngStructure {
  width: number;
  height: number;
  bitDepth: number;
  colorType: number;
  interlaced: boolean;
  animated: boolean;
  /** Sum of the IDAT chunk lengths (compressed bytes of the default image). */
  idatBytes: number;
}

const TRUNCATED_HINT = 'The download or upload was probably cut short: fetch or export the file again.';

function truncated(what: string): ImageDecodeError {
  return new ImageDecodeError('TRUNCATED', `The PNG ends ${what}. ${TRUNCATED_HINT}`);
}

function corrupt(what: string): ImageDecodeError {
  return new ImageDecodeError('CORRUPT', `The PNG is damaged: ${what}. Re-export it from an image editor or fetch it again.`);
}

const VALID_DEPTHS: Record<number, number[]> = { 0: [1, 2, 4, 8, 16], 2: [8, 16], 3: [1, 2, 4, 8], 4: [8, 16], 6: [8, 16] };

function u32(bytes: Uint8Array, at: number): number {
  return ((bytes[at] << 24) | (bytes[at + 1] << 16) | (bytes[at + 2] << 8) | bytes[at + 3]) >>> 0;
}

/**
 * Walk the PNG chunks: read IHDR to enforce the pixel limit before any allocation, and check every
 * chunk fits in the buffer and the file reaches IEND.
 */
export function readPngStructure(bytes: Uint8Array, maxPixels: number): PngStructure {
  const n = bytes.length;
  if (n < 8 + 8) throw truncated('inside its header');
  if (u32(bytes, 12) !== 0x49484452) throw corrupt('its first chunk is not IHDR');
  if (u32(bytes, 8) !== 13) throw corrupt('its IHDR chunk has the wrong length');
  if (n < 8 + 8 + 13) throw truncated('inside its header');
  const width = u32(bytes, 16);
  const height = u32(bytes, 20);
  const bitDepth = bytes[24];
  const colorType = bytes[25];
  if (width > 0x7fffffff || height > 0x7fffffff) throw corrupt(`its declared size ${width}×${height} is out of range`);
  checkPixelLimit('PNG', width, height, maxPixels);
  if (!VALID_DEPTHS[colorType]?.includes(bitDepth)) {
    throw corrupt(`colour type ${colorType} with bit depth ${bitDepth} is not a valid combination`);
  }
  if (bytes[26] !== 0 || bytes[27] !== 0 || bytes[28] > 1) throw corrupt('its IHDR has an unknown compression, filter or interlace method');
  const structure: PngStructure = { width, height, bitDepth, colorType, interlaced: bytes[28] === 1, animated: false, idatBytes: 0 };
  let pos = 8;
  while (true) {
    if (pos + 8 > n) throw truncated('before its end (IEND) chunk');
    const length = u32(bytes, pos);
    const type = u32(bytes, pos + 4);
    if (length > 0x7fffffff) throw corrupt(`chunk at byte ${pos} has an impossible length`);
    if (pos + 12 + length > n) throw truncated(`inside chunk "${chunkName(type)}"`);
    if (type === 0x49444154) structure.idatBytes += length; // IDAT
    else if (type === 0x6163544c) structure.animated = true; // acTL
    else if (type === 0x49454e44) break; // IEND
    pos += 12 + length;
  }
  if (structure.idatBytes === 0) throw corrupt('it has no image data (IDAT)');
  return structure;
}

function chunkName(type: number): string {
  let s = '';
  for (let shift = 24; shift >= 0; shift -= 8) {
    const c = (type >>> shift) & 0xff;
    s += c >= 0x20 && c < 0x7f ? String.fromCharCode(c) : '?';
  }
  return s;
}
