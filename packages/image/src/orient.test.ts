import { describe, expect, it } from 'vitest';
import { decodeSync } from './decode.js';
import { readExifOrientation } from './exif-orientation.js';
import { applyOrientation } from './orient.js';
import { encodeJpeg, pixel } from './test-support/fixtures.js';
import { withExifOrientation } from './test-support/jpeg-writer.js';

// The display-correct picture D: 48 wide, 32 tall, 2×2 blocks of 24×16 px in four colours.
const DW = 48;
const DH = 32;
const COLOURS = [[255, 0, 0], [0, 200, 0], [0, 0, 255], [240, 240, 0]];
const displayed = (x: number, y: number) => COLOURS[(y < DH / 2 ? 0 : 2) + (x < DW / 2 ? 0 : 1)];

// How each orientation stores D, from the EXIF 2.3 table ("0th row is the visual …, 0th column is
// the visual …"), written independently of orient.ts.
const LAYOUT: Record<number, { row: 'top' | 'bottom' | 'left' | 'right'; col: 'left' | 'right' | 'top' | 'bottom' }> = {
  1: { row: 'top', col: 'left' }, 2: { row: 'top', col: 'right' }, 3: { row: 'bottom', col: 'right' }, 4: { row: 'bottom', col: 'left' },
  5: { row: 'left', col: 'top' }, 6: { row: 'right', col: 'top' }, 7: { row: 'right', col: 'bottom' }, 8: { row: 'left', col: 'bottom' },
};

function stored(orientation: number): { width: number; height: number; data: Uint8Array } {
  const { row, col } = LAYOUT[orientation];
  const swap = row === 'left' || row === 'right';
  const width = swap ? DH : DW;
  const height = swap ? DW : DH;
  const data = new Uint8Array(width * height * 4);
  for (let r = 0; r < height; r++) {
    for (let c = 0; c < width; c++) {
      let x: number;
      let y: number;
      if (!swap) {
        y = row === 'top' ? r : DH - 1 - r;
        x = col === 'left' ? c : DW - 1 - c;
      } else {
        x = row === 'left' ? r : DW - 1 - r;
        y = col === 'top' ? c : DH - 1 - c;
      }
      data.set([...displayed(x, y), 255], (r * width + c) * 4);
    }
  }
  return { width, height, data };
}

describe('EXIF orientation', () => {
  it.each([1, 2, 3, 4, 5, 6, 7, 8])('orientation %i: decoded JPEG is upright', (orientation) => {
    const s = stored(orientation);
    for (const littleEndian of [false, true]) {
      const jpeg = withExifOrientation(encodeJpeg(s.width, s.height, s.data, 95), orientation, littleEndian);
      const image = decodeSync(jpeg);
      expect([image.width, image.height]).toEqual([DW, DH]);
      for (const [x, y] of [[6, 4], [DW - 6, 4], [6, DH - 4], [DW - 6, DH - 4]]) {
        const got = pixel(image, x, y).slice(0, 3);
        const want = displayed(x, y);
        got.forEach((v, i) => expect(Math.abs(v - want[i]), `o=${orientation} at ${x},${y}: ${got} vs ${want}`).toBeLessThan(20));
      }
      const raw = decodeSync(jpeg, { orientation: 'none' });
      expect([raw.width, raw.height]).toEqual([s.width, s.height]);
    }
  });

  it('applyOrientation is exact on pixels and orientation 1 is the identity (same object)', () => {
    const image = { width: 3, height: 2, data: Uint8Array.from({ length: 24 }, (_, i) => i) };
    expect(applyOrientation(image, 1)).toBe(image);
    const rotated = applyOrientation(image, 6); // 90° clockwise: the bottom-left pixel goes to the top-left
    expect([rotated.width, rotated.height]).toEqual([2, 3]);
    expect(pixel(rotated, 0, 0)).toEqual(pixel(image, 0, 1));
    expect(pixel(rotated, 1, 0)).toEqual(pixel(image, 0, 0));
    expect(pixel(rotated, 1, 2)).toEqual(pixel(image, 2, 0));
  });
});

describe('readExifOrientation', () => {
  const tiff = (bytes: number[]) => Uint8Array.from(bytes);
  it('reads big- and little-endian IFD0 entries', () => {
    expect(readExifOrientation(tiff([0x4d, 0x4d, 0, 42, 0, 0, 0, 8, 0, 1, 0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, 6, 0, 0, 0, 0, 0, 0]))).toBe(6);
    expect(readExifOrientation(tiff([0x49, 0x49, 42, 0, 8, 0, 0, 0, 1, 0, 0x12, 0x01, 3, 0, 1, 0, 0, 0, 3, 0, 0, 0, 0, 0, 0, 0]))).toBe(3);
  });

  it('returns 1 for missing, out-of-range or malformed data instead of throwing', () => {
    expect(readExifOrientation(undefined)).toBe(1);
    expect(readExifOrientation(tiff([0x4d, 0x4d, 0, 42, 0, 0, 0, 8, 0, 1, 0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, 9, 0, 0]))).toBe(1);
    expect(readExifOrientation(tiff([0x4d, 0x4d, 0, 42, 0xff, 0xff, 0xff, 0xff]))).toBe(1);
    expect(readExifOrientation(tiff([0x4d, 0x4d, 0, 42, 0, 0, 0, 8, 0xff, 0xff, 0x01, 0x12]))).toBe(1);
    expect(readExifOrientation(tiff([0x58, 0x58, 0, 42, 0, 0, 0, 8]))).toBe(1);
  });
});
