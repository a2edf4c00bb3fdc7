import { encode as encodePng } from 'fast-png';
import { describe, expect, it } from 'vitest';
import { decode, decodeSync } from './decode.js';
import { ImageDecodeError } from './errors.js';
import { datasetPhotos, pixel, sampleJpeg, samplePng } from './test-support/fixtures.js';
import { writeFlatJpeg } from './test-support/jpeg-writer.js';
import { be32, readChunks, writePng } from './test-support/png-chunks.js';

function near(actual: number[], expected: number[], tolerance: number): void {
  expect(actual.length).toBe(expected.length);
  actual.forEach((v, i) => expect(Math.abs(v - expected[i]), `channel ${i}: ${actual} vs ${expected}`).toBeLessThanOrEqual(tolerance));
}

describe('decode JPEG', () => {
  it('decodes an RGB JPEG made by the jpeg-js encoder to the right colours', () => {
    const image = decodeSync(sampleJpeg());
    expect([image.width, image.height, image.data.length]).toEqual([32, 24, 32 * 24 * 4]);
    near(pixel(image, 4, 4), [255, 0, 0, 255], 12);
    near(pixel(image, 28, 4), [0, 255, 0, 255], 12);
    near(pixel(image, 4, 20), [0, 0, 255, 255], 12);
    near(pixel(image, 28, 20), [255, 255, 255, 255], 12);
  });

  it('decodes greyscale (1-component) JPEGs to R = G = B', () => {
    const jpeg = writeFlatJpeg({ width: 16, height: 16, components: 1, value: (_c, bx, by) => (bx + by === 0 ? 30 : 220) });
    const image = decodeSync(jpeg);
    near(pixel(image, 3, 3), [30, 30, 30, 255], 1);
    near(pixel(image, 12, 12), [220, 220, 220, 255], 1);
  });

  it('decodes Adobe CMYK JPEGs (inverted CMYK as Photoshop writes it)', () => {
    // Stored 255 = no ink. Block 0: no ink at all → white; block 1: full cyan only → (0, 255, 255).
    const stored = [[255, 255, 255, 255], [0, 255, 255, 255]];
    const jpeg = writeFlatJpeg({ width: 16, height: 8, components: 4, adobeTransform: 0, value: (c, bx) => stored[bx][c] });
    const image = decodeSync(jpeg);
    near(pixel(image, 2, 2), [255, 255, 255, 255], 2);
    near(pixel(image, 10, 2), [0, 255, 255, 255], 2);
  });

  it('rejects a 4-component JPEG without an Adobe marker as UNSUPPORTED_FORMAT', () => {
    const jpeg = writeFlatJpeg({ width: 8, height: 8, components: 4, value: () => 100 });
    expect(() => decodeSync(jpeg)).toThrow(expect.objectContaining({ code: 'UNSUPPORTED_FORMAT' }));
  });

  it('decodes progressive JPEGs', () => {
    const jpeg = writeFlatJpeg({ width: 16, height: 16, components: 1, progressive: true, value: (_c, bx) => (bx === 0 ? 10 : 240) });
    expect(jpeg[2 + 4 + 65]).toBe(0xff); // sanity: the writer emits SOF right after DQT…
    expect(jpeg[2 + 4 + 65 + 1]).toBe(0xc2); // …and it is SOF2 (progressive)
    const image = decodeSync(jpeg);
    near(pixel(image, 2, 9), [10, 10, 10, 255], 1);
    near(pixel(image, 12, 9), [240, 240, 240, 255], 1);
  });

  it('crops partial edge blocks to the declared size', () => {
    const image = decodeSync(writeFlatJpeg({ width: 13, height: 5, components: 3, value: () => 128 }));
    expect([image.width, image.height, image.data.length]).toEqual([13, 5, 13 * 5 * 4]);
  });

  const photos = datasetPhotos(3);
  it.skipIf(photos.length === 0)('decodes real photos from the shared dataset (read in place)', () => {
    for (const { name, bytes } of photos) {
      const image = decodeSync(bytes);
      expect(image.width * image.height * 4, name).toBe(image.data.length);
      expect(image.width).toBeGreaterThan(50);
    }
  });
});

describe('decode PNG', () => {
  it('decodes 8-bit RGBA', () => {
    const image = decodeSync(samplePng());
    expect([image.width, image.height]).toEqual([8, 6]);
    expect(pixel(image, 0, 0)).toEqual([255, 0, 0, 255]);
    expect(pixel(image, 7, 5)).toEqual([255, 255, 255, 255]);
  });

  it('decodes 16-bit RGB with round(v / 257)', () => {
    const data = Uint16Array.from([0, 257, 65535, 32896, 1000, 65534]);
    const image = decodeSync(encodePng({ width: 2, height: 1, data, channels: 3, depth: 16 }));
    expect(Array.from(image.data)).toEqual([0, 1, 255, 255, 128, 4, 255, 255]);
  });

  it('decodes grey + alpha (8 and 16 bit)', () => {
    const g8 = decodeSync(encodePng({ width: 2, height: 1, data: Uint8Array.from([10, 20, 200, 255]), channels: 2, depth: 8 }));
    expect(Array.from(g8.data)).toEqual([10, 10, 10, 20, 200, 200, 200, 255]);
    const g16 = decodeSync(encodePng({ width: 1, height: 1, data: Uint16Array.from([65535, 0]), channels: 2, depth: 16 }));
    expect(Array.from(g16.data)).toEqual([255, 255, 255, 0]);
  });

  it('decodes 1-bit and 4-bit greyscale, scaled to 0–255', () => {
    const one = decodeSync(encodePng({ width: 3, height: 1, data: Uint8Array.from([0b10100000]), channels: 1, depth: 1 }));
    expect(Array.from(one.data)).toEqual([255, 255, 255, 255, 0, 0, 0, 255, 255, 255, 255, 255]);
    const four = decodeSync(encodePng({ width: 2, height: 1, data: Uint8Array.from([0x5f]), channels: 1, depth: 4 }));
    expect(Array.from(four.data)).toEqual([85, 85, 85, 255, 255, 255, 255, 255]);
  });

  it('decodes palette images through the palette', () => {
    const palette = [[1, 2, 3], [200, 100, 50]];
    const png = encodePng({ width: 3, height: 1, data: Uint8Array.from([1, 0, 1]), channels: 1, depth: 8, palette });
    expect(Array.from(decodeSync(png).data)).toEqual([200, 100, 50, 255, 1, 2, 3, 255, 200, 100, 50, 255]);
  });

  it('decodes the first frame of an animated PNG', () => {
    const frame = (rgb: number[]) => encodePng({ width: 2, height: 2, data: Uint8Array.from({ length: 16 }, (_, i) => (i % 4 === 3 ? 255 : rgb[i % 4])), channels: 4, depth: 8 });
    const first = readChunks(frame([255, 0, 0]));
    const second = readChunks(frame([0, 0, 255]));
    const fctl = (seq: number) => ({ type: 'fcTL', data: Uint8Array.from([...be32(seq, 2, 2, 0, 0), 0, 1, 0, 10, 0, 0]) });
    const apng = writePng([
      first.find((c) => c.type === 'IHDR')!,
      { type: 'acTL', data: Uint8Array.from(be32(2, 0)) },
      fctl(0),
      ...first.filter((c) => c.type === 'IDAT'),
      fctl(1),
      ...second.filter((c) => c.type === 'IDAT').map((c, i) => ({ type: 'fdAT', data: Uint8Array.from([...be32(2 + i), ...c.data]) })),
      { type: 'IEND', data: new Uint8Array(0) },
    ]);
    const image = decodeSync(apng);
    expect(pixel(image, 1, 1)).toEqual([255, 0, 0, 255]);
  });
});

describe('decode input forms', () => {
  const jpeg = sampleJpeg();
  const expected = decodeSync(jpeg);
  it('accepts Uint8Array, Node Buffer, ArrayBuffer, DataView and Blob alike', async () => {
    const copy = jpeg.slice();
    const offsetView = new Uint8Array(new ArrayBuffer(copy.length + 7), 7);
    offsetView.set(copy);
    const forms = [copy, Buffer.from(copy), copy.buffer, new DataView(offsetView.buffer, 7), offsetView, new Blob([copy])];
    for (const form of forms) expect((await decode(form)).data).toEqual(expected.data);
  });

  it('sniffs the format from bytes, not names: a PNG in a Blob typed image/jpeg is a PNG', async () => {
    const image = await decode(new Blob([samplePng().slice()], { type: 'image/jpeg' }));
    expect([image.width, image.height]).toEqual([8, 6]);
  });

  it('uses the JS decoder in Node even with decoder: "auto"', async () => {
    expect((await decode(jpeg, { decoder: 'auto' })).data).toEqual(expected.data);
  });

  it('rejects non-byte inputs with ImageInputError', async () => {
    await expect(decode('x' as never)).rejects.toThrow(/expects bytes/);
    expect(() => decodeSync({} as never)).toThrow(/expects bytes/);
  });

  it('error objects are ImageDecodeError instances with a code', () => {
    try {
      decodeSync(new Uint8Array(0));
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ImageDecodeError);
      expect(error).toBeInstanceOf(Error);
      expect((error as ImageDecodeError).code).toBe('EMPTY');
      expect((error as Error).name).toBe('ImageDecodeError');
    }
  });
});
