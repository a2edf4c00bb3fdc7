import { describe, expect, it } from 'vitest';
import { adjustColor, colorJitter } from './augment-color.js';
import { cropAndResize, randomCrop, randomResizedCrop } from './augment-crop.js';
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

describe('randomResizedCrop', () => {
  // An 8×8 image whose red channel is the column and green channel the row: bilinear sampling of a
  // linear ramp returns the sampled coordinate itself, so every output pixel says where it came from.
  const ramps = image(8, 8, (x, y) => [x, y, 0]);
  const draws = (seed: number) => {
    const rng = createRng(seed);
    return [rng(), rng(), rng(), rng()];
  };

  it('a quarter-area square window resampled to 4×4 starts at the drawn offsets', () => {
    const [, , fx, fy] = draws(5);
    const out = randomResizedCrop(ramps, createRng(5), { size: 4, scale: [0.25, 0.25], ratio: [1, 1] });
    expect([out.width, out.height]).toEqual([4, 4]);
    // Window 4×4 at (4·fx, 4·fy); output pixel i samples x + (i + 0.5)·4/4 − 0.5 = x + i.
    for (const i of [0, 3]) {
      expect(at(out, i, 0)[0]).toBeCloseTo(4 * fx + i, 5);
      expect(at(out, 0, i)[1]).toBeCloseTo(4 * fy + i, 5);
    }
  });

  it('the aspect ratio shapes the window: ratio 2 at half the area is the full width and half the height', () => {
    const [, , , fy] = draws(9);
    const out = randomResizedCrop(ramps, createRng(9), { size: 8, scale: [0.5, 0.5], ratio: [2, 2] });
    // Width √(32·2) = 8 (so x = 0), height √(32/2) = 4 at y = 4·fy; rows sample y + (j + 0.5)/2 − 0.5.
    expect(at(out, 5, 0)[0]).toBeCloseTo(5, 5);
    expect(at(out, 0, 6)[1]).toBeCloseTo(4 * fy + 6.5 / 2 - 0.5, 5);
  });

  it('the whole image at its own size is the identity; a window larger than the image is clamped', () => {
    expect(randomResizedCrop(ramps, createRng(1), { size: 8, scale: [1, 1], ratio: [1, 1] }).data).toEqual(ramps.data);
    // Ratio 4 at full area asks for a 16×4 window: the width is clamped to 8.
    const wide = randomResizedCrop(ramps, createRng(2), { size: 8, scale: [1, 1], ratio: [4, 4] });
    expect(at(wide, 7, 0)[0]).toBeCloseTo(7, 5);
  });

  it('rejects bad sizes, scales and ratios with a message naming the option', () => {
    expect(() => randomResizedCrop(ramps, createRng(1), { size: 0 })).toThrow(/size/);
    expect(() => randomResizedCrop(ramps, createRng(1), { size: 4, scale: [0, 1] })).toThrow(/scale/);
    expect(() => randomResizedCrop(ramps, createRng(1), { size: 4, scale: [0.5, 1.5] })).toThrow(/scale/);
    expect(() => randomResizedCrop(ramps, createRng(1), { size: 4, ratio: [2, 1] })).toThrow(/ratio/);
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
