import { describe, expect, it } from 'vitest';
import { fillResizedCropAugmented, halveToFloat } from './epoch-batch.js';
import type { PixelSet } from './pixel-cache.js';

/** Two 4×4 images; pixel value = 10·y + x + 100·image in every channel (+ channel offset c). */
function twoImages(): PixelSet {
  const side = 4;
  const pixels = new Uint8Array(2 * side * side * 3);
  for (let i = 0; i < 2; i++) for (let y = 0; y < side; y++) for (let x = 0; x < side; x++) for (let c = 0; c < 3; c++) pixels[((i * side + y) * side + x) * 3 + c] = 100 * i + 10 * y + x + c;
  return { side, labels: ['cat', 'dog'], y: Uint8Array.from([0, 1]), pixels, files: ['a.jpg', 'b.jpg'] };
}

describe('halveToFloat', () => {
  it('averages each 2×2 block and scales to [0, 1]', () => {
    const { side, data } = halveToFloat(twoImages());
    expect(side).toBe(2);
    // Image 0, block (x 0–1, y 0–1), channel 0: (0 + 1 + 10 + 11) / 4 = 5.5.
    expect(data[0] * 255).toBeCloseTo(5.5, 4);
    // Image 1, block (x 2–3, y 2–3), channel 2: 100 + (22 + 23 + 32 + 33) / 4 + 2 = 129.5.
    expect(data[((1 * 2 + 1) * 2 + 1) * 3 + 2] * 255).toBeCloseTo(129.5, 4);
  });
});

describe('fillResizedCropAugmented', () => {
  it('fills every image at the output size, the same for the same (seed, epoch) and different for another epoch', () => {
    const source = halveToFloat(twoImages());
    const fill = (epoch: number) => {
      const out = new Float32Array(2 * 3 * 3 * 3).fill(-1);
      fillResizedCropAugmented(source, 3, out, 7, epoch);
      return out;
    };
    const a = fill(0);
    expect(a.every((v) => v >= 0 && v <= 1)).toBe(true);
    expect(fill(0)).toEqual(a);
    expect(fill(1)).not.toEqual(a);
  });
});
