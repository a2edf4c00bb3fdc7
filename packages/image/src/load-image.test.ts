import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { decodeSync } from './decode.js';
import { ImageInputError } from './errors.js';
import { loadImage } from './load-image.js';
import { DATASET_DIR, datasetPhotos, sampleJpeg } from './test-support/fixtures.js';

describe('loadImage', () => {
  const dir = mkdtempSync(join(tmpdir(), 'neurite-image-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads a file path in Node (format from bytes: a JPEG named .png is fine)', async () => {
    const path = join(dir, 'really-a-jpeg.png');
    writeFileSync(path, sampleJpeg());
    expect((await loadImage(path)).data).toEqual(decodeSync(sampleJpeg()).data);
  });

  it.skipIf(datasetPhotos(1).length === 0)('reads a dataset photo by path', async () => {
    const image = await loadImage(`${DATASET_DIR}/${datasetPhotos(1)[0].name}`);
    expect(image.width).toBeGreaterThan(50);
  });

  it('reports a missing file and URLs with ImageInputError', async () => {
    await expect(loadImage(join(dir, 'nope.jpg'))).rejects.toThrow(/Could not read image file .*ENOENT/);
    await expect(loadImage('https://example.com/cat.jpg')).rejects.toThrow(/fetch it yourself/);
  });

  it('passes ImageData-like RGBA objects through without copying', async () => {
    const data = new Uint8ClampedArray(2 * 1 * 4).fill(9);
    const image = await loadImage({ width: 2, height: 1, data });
    expect(image.data).toBe(data);
  });

  it('expands raw RGB pixels (channels: 3) to RGBA, also from number arrays', async () => {
    const image = await loadImage({ width: 2, height: 1, channels: 3, data: [1, 2, 3, 4, 5, 6] });
    expect(Array.from(image.data)).toEqual([1, 2, 3, 255, 4, 5, 6, 255]);
  });

  it.each([
    [{ width: 2, height: 2, data: new Uint8Array(15) }, /15 values but 2×2×4 = 16/],
    [{ width: 0, height: 2, data: new Uint8Array(0) }, /positive integer width/],
    [{ width: 1, height: 1, channels: 2, data: new Uint8Array(2) }, /channels must be 3/],
    [{ width: 1, height: 1, data: new Float32Array(4) }, /multiply by 255/],
    [{ width: 1, height: 1, data: [0, 0, 0, 256] }, /element 3 is 256/],
    [42, /Cannot load an image from number/],
    [null, /Cannot load an image from null/],
    [{ foo: 1 }, /Cannot load an image from an? Object/],
  ])('rejects bad input %#', async (input, message) => {
    const promise = loadImage(input as never);
    await expect(promise).rejects.toBeInstanceOf(ImageInputError);
    await expect(promise).rejects.toThrow(message);
  });

  it('applies maxPixels to pixel objects too', async () => {
    await expect(loadImage({ width: 10, height: 10, data: new Uint8Array(400) }, { maxPixels: 99 })).rejects.toMatchObject({ code: 'TOO_LARGE' });
  });
});
