import { describe, expect, it } from 'vitest';
import { adjustColor, colorJitter } from './augment-color.js';
import { cropAndResize, randomCrop } from './augment-crop.js';
import { flipHorizontal, randomFlip } from './augment-flip.js';
import { reflect, rotate, randomRotation } from './augment-rotate.js';
import { augment } from './augment.js';
import { createRng } from './prng.js';
import type { FloatImage } from './types.js';

function image(width: number, height: number, f: (x: number, y: number) => [number, number, number]): FloatImage {
  const data = new Float32Array(width * height * 3);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) data.set(f(x, y), (y * width + x) * 3);
  return { width, height, data };
}
const at = (img: FloatImage, x: number, y: number) => Array.from(img.data.subarray((y * img.width + x) * 3, (y * img.width + x) * 3 + 3));
const gradient = image(6, 4, (x, y) => [x / 5, y / 3, 0.5]);

describe('flip', () => {
  it('mirrors columns; twice is the identity', () => {
    const flipped = flipHorizontal(gradient);
    expect(at(flipped, 0, 2)).toEqual(at(gradient, 5, 2));
    expect(flipHorizontal(flipped).data).toEqual(gradient.data);
  });
  it('randomFlip follows p', () => {
    expect(randomFlip(gradient, createRng(1), 0)).toBe(gradient);
    expect(randomFlip(gradient, createRng(1), 1).data).toEqual(flipHorizontal(gradient).data);
  });
});

describe('crop', () => {
  it('the full window is the identity; a half window of a linear ramp is the half ramp', () => {
    expect(cropAndResize(gradient, { x: 0, y: 0, width: 6, height: 4 }).data).toEqual(gradient.data);
    const ramp = image(8, 1, (x) => [x, 0, 0]);
    // Window [2, 6) resampled to 8: u = 2 + (i + 0.5)/2 − 0.5 = 1.75 + i/2.
    const out = cropAndResize(ramp, { x: 2, y: 0, width: 4, height: 1 });
    expect([0, 1, 2, 7].map((i) => out.data[i * 3])).toEqual([1.75, 2.25, 2.75, 5.25]);
  });
  it('randomCrop keeps the size, is seeded, and rejects bad scales', () => {
    const a = randomCrop(gradient, createRng(3), { minScale: 0.5 });
    expect([a.width, a.height]).toEqual([6, 4]);
    expect(randomCrop(gradient, createRng(3), { minScale: 0.5 }).data).toEqual(a.data);
    expect(() => randomCrop(gradient, createRng(3), { minScale: 0 })).toThrow(/minScale/);
  });
});

describe('rotate', () => {
  it('0° is the identity and 90° on a square moves pixels clockwise', () => {
    const sq = image(3, 3, (x, y) => [x, y, x * 3 + y]);
    expect(rotate(sq, 0).data).toEqual(sq.data);
    const r = rotate(sq, 90);
    // Clockwise: the top-left pixel moves to the top-right corner.
    expect(at(r, 2, 0).map((v) => Math.round(v * 1e6) / 1e6)).toEqual(at(sq, 0, 0));
    expect(at(r, 0, 0).map((v) => Math.round(v * 1e6) / 1e6)).toEqual(at(sq, 0, 2));
  });
  it("constant fill uses the value outside; 'reflect' stays inside the image's range", () => {
    const ones = image(8, 8, () => [1, 1, 1]);
    const c = rotate(ones, 45, { fill: 'constant', value: 0 });
    expect(at(c, 0, 0)).toEqual([0, 0, 0]);
    expect(at(c, 4, 4)).toEqual([1, 1, 1]);
    const r = rotate(ones, 45, { fill: 'reflect' });
    for (const v of r.data) expect(v).toBeCloseTo(1, 12);
  });
  it('reflect() mirrors without repeating the edge', () => {
    expect([-3, -2, -1, 0, 1, 2, 3, 4, 5, 6].map((i) => reflect(i, 4))).toEqual([3, 2, 1, 0, 1, 2, 3, 2, 1, 0]);
    expect(reflect(-5, 1)).toBe(0);
  });
  it('randomRotation is seeded and validated', () => {
    expect(randomRotation(gradient, createRng(9), 15).data).toEqual(randomRotation(gradient, createRng(9), 15).data);
    expect(() => randomRotation(gradient, createRng(9), 400)).toThrow(/maxDegrees/);
  });
});

describe('colour', () => {
  const px = image(2, 1, (x) => (x === 0 ? [0.2, 0.4, 0.6] : [0.8, 0.8, 0.8]));
  it('factors of 1 change nothing', () => {
    expect(adjustColor(px, { brightness: 1, contrast: 1, saturation: 1 }).data).toEqual(px.data);
  });
  it('brightness scales and clamps; saturation 0 gives luma grey; contrast 0 gives the mean luma', () => {
    const bright = adjustColor(px, { brightness: 2, contrast: 1, saturation: 1 });
    expect(Array.from(bright.data)).toEqual([0.4, 0.8, 1, 1, 1, 1].map(Math.fround));
    const grey = adjustColor(px, { brightness: 1, contrast: 1, saturation: 0 });
    const l = 0.299 * Math.fround(0.2) + 0.587 * Math.fround(0.4) + 0.114 * Math.fround(0.6);
    expect(Array.from(grey.data.subarray(0, 3))).toEqual([l, l, l].map(Math.fround));
    const flat = adjustColor(px, { brightness: 1, contrast: 0, saturation: 1 });
    const mean = (l + 0.8 * (0.299 + 0.587 + 0.114)) / 2;
    for (const v of flat.data) expect(v).toBeCloseTo(mean, 6);
  });
  it('colorJitter is seeded, stays in [0,1] and validates strengths', () => {
    const a = colorJitter(gradient, createRng(5), { brightness: 0.5, contrast: 0.5, saturation: 0.5 });
    expect(colorJitter(gradient, createRng(5), { brightness: 0.5, contrast: 0.5, saturation: 0.5 }).data).toEqual(a.data);
    for (const v of a.data) expect(v >= 0 && v <= 1).toBe(true);
    expect(() => colorJitter(gradient, createRng(5), { brightness: 1.5 })).toThrow(/brightness/);
  });
});

describe('augment', () => {
  it('same seed → identical output; different seed → different output; all disabled → identity', () => {
    const big = image(16, 12, (x, y) => [x / 15, y / 11, ((x + y) % 3) / 2]);
    const a = augment(big, createRng(11));
    expect(augment(big, createRng(11)).data).toEqual(a.data);
    expect(augment(big, createRng(12)).data).not.toEqual(a.data);
    expect(augment(big, createRng(11), { flip: 0, crop: false, rotation: 0, color: false })).toBe(big);
  });
});
