/** A picture drawn at test time (never a dataset photo), as PNG bytes. */
import { crc32 } from 'node:zlib';
import { encode } from 'fast-png';

export function drawPng(w: number, h: number, seed: number): Uint8Array {
  const data = new Uint8Array(w * h * 4);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const inside = ((x - w * (0.3 + 0.1 * (seed % 4))) / (w * 0.25)) ** 2 + ((y - h / 2) / (h * 0.3)) ** 2 < 1;
      data.set(inside ? [170 + ((x * 7 + seed) % 50), 120, 60, 255] : [60 + ((120 * y) / h) | 0, 150, 200 - ((90 * x) / w) | 0, 255], (y * w + x) * 4);
    }
  }
  return encode({ width: w, height: h, data, channels: 4, depth: 8 });
}

/** A valid PNG whose header claims width × height while its pixel data is tiny (a 4×4 image's). */
export function pngClaiming(width: number, height: number): Uint8Array {
  const png = drawPng(4, 4, 0).slice();
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  // IHDR is the first chunk: length(4) 'IHDR'(4) width(4) height(4) … crc(4), starting after the 8-byte signature.
  view.setUint32(16, width);
  view.setUint32(20, height);
  view.setUint32(29, crc32(png.subarray(12, 29)));
  return png;
}
