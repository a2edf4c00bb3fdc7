import { Unzlib } from 'fflate';
import { ImageDecodeError } from './errors.js';
import type { PngStructure } from './png-structure.js';

const PIECE = 1024;
const CHANNELS: Record<number, number> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };

/**
 * The most bytes a PNG's image data can inflate to, from its header: one filter byte plus the
 * packed samples per row, with room for the seven Adam7 passes of an interlaced image.
 */
export function maxInflatedBytes(s: PngStructure): number {
  const rowBytes = Math.ceil((s.width * CHANNELS[s.colorType] * s.bitDepth) / 8);
  return (s.height + 7) * (1 + rowBytes) + 7 * 8;
}

/**
 * Inflates the IDAT stream once, counting, and stops as soon as it would exceed what the header
 * allows: a "zlib bomb" (a few KB that inflate to gigabytes) is refused before the decoder
 * allocates for it. Data past the limit means the file is damaged or hostile.
 */
export function checkInflatedSize(bytes: Uint8Array, structure: PngStructure): void {
  const limit = maxInflatedBytes(structure);
  let total = 0;
  const inflater = new Unzlib((chunk) => {
    total += chunk.length;
    if (total > limit) throw new ImageDecodeError('CORRUPT', `The PNG's image data inflates to more than the ${limit} bytes its ${structure.width}×${structure.height} header allows; the file is damaged or crafted. Re-export it from an image editor.`);
  });
  let pos = 8;
  try {
    while (pos + 8 <= bytes.length) {
      const length = ((bytes[pos] << 24) | (bytes[pos + 1] << 16) | (bytes[pos + 2] << 8) | bytes[pos + 3]) >>> 0;
      const type = ((bytes[pos + 4] << 24) | (bytes[pos + 5] << 16) | (bytes[pos + 6] << 8) | bytes[pos + 7]) >>> 0;
      if (type === 0x49454e44) break; // IEND
      // IDAT, fed in small pieces: deflate expands at most ~1032×, so each piece inflates to ≤ ~1 MB.
      if (type === 0x49444154) {
        for (let at = pos + 8, end = pos + 8 + length; at < end; at += PIECE) inflater.push(bytes.subarray(at, Math.min(end, at + PIECE)));
      }
      pos += 12 + length;
    }
  } catch (error) {
    if (error instanceof ImageDecodeError) throw error;
    // A broken zlib stream: leave the message to the decoder, which reports it as CORRUPT.
  }
}
