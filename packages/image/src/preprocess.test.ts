import { describe, expect, it } from 'vitest';
import { normalizeInPlace, IMAGENET_NORMALIZATION } from './normalize.js';
import { preprocess, preprocessPixels } from './preprocess.js';
import { datasetPhotos, sampleJpeg, samplePng } from './test-support/fixtures.js';

const f32 = (v: number) => Math.fround(v);

describe('preprocess', () => {
  it('turns mixed inputs into one NHWC float32 batch', async () => {
    const raw = { width: 2, height: 2, channels: 3 as const, data: new Uint8Array(12).fill(255) };
    const batch = await preprocess([sampleJpeg(), samplePng(), raw], { size: 4 });
    expect(batch.shape).toEqual([3, 4, 4, 3]);
    expect(batch.data).toBeInstanceOf(Float32Array);
    expect(batch.data.length).toBe(3 * 4 * 4 * 3);
    // Image 2 (index 2) is all white; NHWC means its block starts at 2·4·4·3.
    expect(Array.from(batch.data.subarray(96, 144)).every((v) => v === 1)).toBe(true);
    // Image 0, pixel (0,0) is in the red quadrant: R high, G/B low; channel is the last axis.
    expect(batch.data[0]).toBeGreaterThan(0.9);
    expect(batch.data[1]).toBeLessThan(0.1);
    for (const v of batch.data) expect(v >= 0 && v <= 1).toBe(true);
  });

  it('a single input gives n = 1', async () => {
    expect((await preprocess(samplePng(), { size: 3 })).shape).toEqual([1, 3, 3, 3]);
  });

  it("normalization 'symmetric' maps [0,1] to [-1,1] and mean/std is per channel", () => {
    const white = { width: 1, height: 1, data: Uint8Array.from([255, 0, 255, 255]) };
    expect(Array.from(preprocessPixels([white], { size: 1, normalization: 'symmetric' }).data)).toEqual([1, -1, 1]);
    const imagenet = preprocessPixels([white], { size: 1, normalization: IMAGENET_NORMALIZATION }).data;
    expect(Array.from(imagenet)).toEqual([f32((1 - 0.485) / 0.229), f32((0 - 0.456) / 0.224), f32((1 - 0.406) / 0.225)]);
  });

  it('rejects a bad normalization, size or empty batch with a message', () => {
    const px = { width: 1, height: 1, data: new Uint8Array(4) };
    expect(() => normalizeInPlace(new Float32Array(3), { mean: [0, 0], std: [1, 1, 1] } as never)).toThrow(/normalization must be/);
    expect(() => normalizeInPlace(new Float32Array(3), { mean: [0, 0, 0], std: [1, 0, 1] })).toThrow(/non-zero std/);
    expect(() => preprocessPixels([px], { size: -3 })).toThrow(/size must be an integer/);
    expect(() => preprocessPixels([], { size: 3 })).toThrow(/at least one image/);
  });

  const photos = datasetPhotos(2);
  it.skipIf(photos.length === 0)('dataset photos: 224×224 batch in [0,1] with real variation', async () => {
    const batch = await preprocess(photos.map((p) => p.bytes), { size: 224 });
    expect(batch.shape).toEqual([2, 224, 224, 3]);
    let min = 1;
    let max = 0;
    for (const v of batch.data) {
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
    expect(min).toBeGreaterThanOrEqual(0);
    expect(max).toBeLessThanOrEqual(1);
    expect(max - min).toBeGreaterThan(0.5);
  });
});
