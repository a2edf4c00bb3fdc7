import { describe, expect, it } from 'vitest';
import { resizeToSquare } from './resize.js';
import type { RgbaImage } from './types.js';

function rgba(width: number, height: number, f: (x: number, y: number) => [number, number, number, number?]): RgbaImage {
  const data = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const [r, g, b, a = 255] = f(x, y);
      data.set([r, g, b, a], (y * width + x) * 4);
    }
  }
  return { width, height, data };
}

const f32 = (v: number) => Math.fround(v);

describe('resizeToSquare', () => {
  it('keeps a constant image constant at every scale (up, down, big down)', () => {
    for (const [w, h, size] of [[3, 5, 7], [40, 30, 8], [1000, 700, 9], [9, 9, 9]]) {
      const out = resizeToSquare(rgba(w, h, () => [51, 102, 255]), { size });
      expect(out.data.length).toBe(size * size * 3);
      for (let i = 0; i < out.data.length; i += 3) {
        expect([out.data[i], out.data[i + 1], out.data[i + 2]]).toEqual([f32(0.2), f32(0.4), f32(1)]);
      }
    }
  });

  it('same size, square: exact copy / 255', () => {
    const image = rgba(2, 2, (x, y) => [x * 100, y * 100, 7]);
    expect(Array.from(resizeToSquare(image, { size: 2 }).data)).toEqual([0, 0, 7, 100, 0, 7, 0, 100, 7, 100, 100, 7].map((v) => f32(v / 255)));
  });

  it('bilinear 2→4 upscale matches hand-derived half-pixel values', () => {
    // Row [0, 255]: output x samples u = (x + 0.5)/2 − 0.5 = −0.25, 0.25, 0.75, 1.25 → clamp → 0, .25, .75, 1.
    const out = resizeToSquare(rgba(2, 2, (x) => [x * 255, 0, 0]), { size: 4 });
    expect([0, 1, 2, 3].map((x) => out.data[x * 3])).toEqual([0, 0.25, 0.75, 1].map(f32));
  });

  it('box prefilter: a 1-pixel checkerboard downscaled 8× is flat grey (no aliasing)', () => {
    const out = resizeToSquare(rgba(64, 64, (x, y) => ((x + y) % 2 ? [255, 255, 255] : [0, 0, 0])), { size: 8 });
    for (const v of out.data) expect(v).toBe(f32(0.5));
  });

  it('integer 2× downscale is the exact 2×2 block mean', () => {
    const image = rgba(4, 4, (x, y) => [x * 10 + y, 0, 0]);
    const out = resizeToSquare(image, { size: 2 });
    // Block (0,0): values 0, 10, 1, 11 → mean 5.5; block (1,1): 22, 32, 23, 33 → 27.5.
    expect(out.data[0]).toBe(f32(5.5 / 255));
    expect(out.data[9]).toBe(f32(27.5 / 255));
  });

  it("fit 'crop' takes the centred square; 'squash' keeps everything", () => {
    // 6×2: columns 0,1 and 4,5 red, the centre 2×2 green.
    const image = rgba(6, 2, (x) => (x >= 2 && x < 4 ? [0, 255, 0] : [255, 0, 0]));
    const crop = resizeToSquare(image, { size: 2, fit: 'crop' });
    expect(Array.from(crop.data)).toEqual([0, 1, 0, 0, 1, 0, 0, 1, 0, 0, 1, 0]);
    const squash = resizeToSquare(image, { size: 2, fit: 'squash' });
    expect(squash.data[0]).toBeGreaterThan(0.5); // left edge is red
    expect(squash.data[1]).toBeGreaterThan(0); // and picks up some green
  });

  it('ignores alpha by default; composites over `background` when given', () => {
    const image = rgba(1, 1, () => [200, 0, 0, 0]);
    expect(Array.from(resizeToSquare(image, { size: 1 }).data)).toEqual([200 / 255, 0, 0].map(f32));
    expect(Array.from(resizeToSquare(image, { size: 1, background: [255, 255, 255] }).data)).toEqual([1, 1, 1]);
  });

  it("reads opaque pixels a word at a time, with the byte-by-byte loop's results", () => {
    // With alpha 255 the background path computes (c·255 + bg·0) / 255 = c exactly, a byte at a time.
    const image = rgba(700, 530, (x, y) => [(x * 7 + y * 3) % 256, (x * y) % 256, (x ^ y) % 256]);
    for (const size of [530, 176, 40]) {
      for (const fit of ['crop', 'squash'] as const) {
        const words = resizeToSquare(image, { size, fit }).data;
        const bytes = resizeToSquare(image, { size, fit, background: [9, 9, 9] }).data;
        expect(Buffer.from(words.buffer).equals(Buffer.from(bytes.buffer)), `${size} ${fit}`).toBe(true);
      }
    }
    // Pixels that do not start on a word boundary are read a byte at a time.
    const shifted = new Uint8Array(image.data.length + 1).subarray(1);
    shifted.set(image.data);
    expect(resizeToSquare({ ...image, data: shifted }, { size: 40 }).data).toEqual(resizeToSquare(image, { size: 40 }).data);
    // White blocks 257 pixels wide fill the packed red and blue sums to 65535; 258 go byte by byte.
    for (const width of [514, 516]) expect(Array.from(resizeToSquare(rgba(width, 4, () => [255, 255, 255]), { size: 2, fit: 'squash' }).data)).toEqual(Array(12).fill(1));
  });

  it('is deterministic (bit-identical on repeated runs)', () => {
    const image = rgba(123, 77, (x, y) => [(x * 7 + y * 3) % 256, (x * y) % 256, (x ^ y) % 256]);
    const a = resizeToSquare(image, { size: 31, fit: 'squash' }).data;
    const b = resizeToSquare(image, { size: 31, fit: 'squash' }).data;
    expect(Buffer.from(a.buffer).equals(Buffer.from(b.buffer))).toBe(true);
  });

  it('rejects bad sizes and fits', () => {
    const image = rgba(2, 2, () => [0, 0, 0]);
    for (const size of [0, -1, 1.5, NaN, 20000]) expect(() => resizeToSquare(image, { size })).toThrow(/size must be an integer/);
    expect(() => resizeToSquare(image, { size: 2, fit: 'cover' as never })).toThrow(/fit must be/);
  });
});
