import { decode as decodeFastPng } from 'fast-png';
import { ImageDecodeError } from './errors.js';
import { checkInflatedSize } from './png-inflate-limit.js';
import { readPngStructure } from './png-structure.js';
import type { RgbaImage } from './types.js';

/**
 * Decode a PNG of any colour type and bit depth (1–16, palette, grey, grey+alpha, RGB, RGBA,
 * interlaced) with fast-png and convert it to 8-bit RGBA. For an animated PNG this is the default
 * image (the IDAT frame, i.e. the first frame, or what non-animating viewers show).
 * 16-bit samples are reduced with round(v / 257); low-bit grey is scaled to 0–255.
 */
export function decodePng(bytes: Uint8Array, maxPixels: number): RgbaImage {
  const structure = readPngStructure(bytes, maxPixels);
  checkInflatedSize(bytes, structure);
  let png: ReturnType<typeof decodeFastPng>;
  try {
    png = decodeFastPng(bytes, { checkCrc: true });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new ImageDecodeError('CORRUPT', `The PNG is damaged and could not be decoded (${message}). Re-export it from an image editor or fetch it again.`, { cause: error });
  }
  if (png.width !== structure.width || png.height !== structure.height) {
    throw new ImageDecodeError('CORRUPT', 'The PNG decoded to a size that disagrees with its header; the file is damaged.');
  }
  return toRgba8(png);
}

interface DecodedPng {
  width: number;
  height: number;
  data: Uint8Array | Uint8ClampedArray | Uint16Array;
  depth: number;
  channels: number;
  palette?: number[][];
}

function toRgba8(png: DecodedPng): RgbaImage {
  const { width, height, depth, channels, data } = png;
  const out = new Uint8Array(width * height * 4);
  const rowSamples = width * channels;
  const rowBytes = Math.ceil((rowSamples * depth) / 8);
  const expected = depth === 16 ? rowSamples * height : rowBytes * height;
  if (data.length < expected) {
    throw new ImageDecodeError('CORRUPT', `The PNG's pixel data is shorter than its header requires (${data.length} of ${expected} samples); the file is damaged.`);
  }
  if (depth === 8 && channels === 4 && !png.palette) return { width, height, data: data.subarray(0, expected) as Uint8Array };
  const maxValue = (1 << Math.min(depth, 8)) - 1;
  // Sample k of row y, scaled to 0–255 (palette indices are returned unscaled).
  const sample = (y: number, k: number, scale: boolean): number => {
    if (depth === 16) return Math.round(data[y * rowSamples + k] / 257);
    if (depth === 8) return data[y * rowBytes + k];
    const bit = k * depth;
    const byte = data[y * rowBytes + (bit >> 3)];
    const v = (byte >> (8 - depth - (bit & 7))) & maxValue;
    return scale ? Math.round((v * 255) / maxValue) : v;
  };
  const palette = png.palette;
  for (let y = 0, o = 0; y < height; y++) {
    for (let x = 0; x < width; x++, o += 4) {
      const k = x * channels;
      if (palette) {
        const entry = palette[sample(y, k, false)];
        if (!entry) throw new ImageDecodeError('CORRUPT', 'The PNG refers to a palette colour that does not exist; the file is damaged.');
        out[o] = entry[0];
        out[o + 1] = entry[1];
        out[o + 2] = entry[2];
        out[o + 3] = entry.length > 3 ? entry[3] : 255;
      } else if (channels <= 2) {
        const g = sample(y, k, true);
        out[o] = g;
        out[o + 1] = g;
        out[o + 2] = g;
        out[o + 3] = channels === 2 ? sample(y, k + 1, true) : 255;
      } else {
        out[o] = sample(y, k, true);
        out[o + 1] = sample(y, k + 1, true);
        out[o + 2] = sample(y, k + 2, true);
        out[o + 3] = channels === 4 ? sample(y, k + 3, true) : 255;
      }
    }
  }
  return { width, height, data: out };
}
