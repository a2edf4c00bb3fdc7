import { encode as encodePng } from 'fast-png';
import { describe, expect, it } from 'vitest';
import { decode, decodeSync } from './decode.js';
import { ImageDecodeError, type ImageDecodeErrorCode } from './errors.js';
import { sampleJpeg, samplePng } from './test-support/fixtures.js';
import { writeFlatJpeg } from './test-support/jpeg-writer.js';
import { readChunks, writePng } from './test-support/png-chunks.js';

function codeOf(bytes: Uint8Array, options = {}): ImageDecodeErrorCode | 'ok' {
  try {
    decodeSync(bytes, options);
    return 'ok';
  } catch (error) {
    if (error instanceof ImageDecodeError) return error.code;
    throw error;
  }
}

function errorOf(bytes: Uint8Array, options = {}): ImageDecodeError {
  try {
    decodeSync(bytes, options);
  } catch (error) {
    if (error instanceof ImageDecodeError) return error;
    throw error;
  }
  throw new Error('expected an ImageDecodeError');
}

const ascii = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));

describe('empty, unknown and foreign inputs', () => {
  it('zero bytes → EMPTY (sync, async, Blob)', async () => {
    expect(codeOf(new Uint8Array(0))).toBe('EMPTY');
    await expect(decode(new ArrayBuffer(0))).rejects.toMatchObject({ code: 'EMPTY' });
    await expect(decode(new Blob([]))).rejects.toMatchObject({ code: 'EMPTY' });
  });

  it('text → UNSUPPORTED_FORMAT, quoting the start of the text', () => {
    const error = errorOf(ascii('hello, this is not a picture\n'));
    expect(error.code).toBe('UNSUPPORTED_FORMAT');
    expect(error.message).toMatch(/text.*"hello, this is not a pic".*Convert it to JPEG or PNG/);
  });

  it.each([
    ['a ZIP archive', [0x50, 0x4b, 0x03, 0x04, 20, 0, 0, 0, 8, 0]],
    ['a GIF image', [...ascii('GIF89a'), 1, 0, 1, 0]],
    ['a WebP image', [...ascii('RIFF'), 0, 0, 0, 0, ...ascii('WEBPVP8 ')]],
    ['a PDF document', [...ascii('%PDF-1.7'), 0x0a, 0x80]],
    ['an unrecognised format', [0x00, 0x01, 0x02, 0x03, 0xfe]],
  ])('%s → UNSUPPORTED_FORMAT naming it', (name, bytes) => {
    const error = errorOf(Uint8Array.from(bytes));
    expect(error.code).toBe('UNSUPPORTED_FORMAT');
    expect(error.message).toContain(name);
  });
});

describe('truncated files', () => {
  it('a JPEG cut at many points → TRUNCATED (never a silently grey image)', () => {
    const jpeg = sampleJpeg();
    const cuts = [1, 2, 3, 4, 10, 20, 100, 200, 400, 600, jpeg.length - 100, jpeg.length - 10, jpeg.length - 2, jpeg.length - 1];
    for (const cut of cuts) expect(codeOf(jpeg.subarray(0, cut)), `cut at ${cut} of ${jpeg.length}`).toBe('TRUNCATED');
    expect(codeOf(jpeg)).toBe('ok');
  });

  it('a PNG cut at many points → TRUNCATED', () => {
    const png = samplePng();
    for (let cut = 1; cut < png.length; cut += Math.max(1, Math.floor(png.length / 25))) {
      expect(codeOf(png.subarray(0, cut)), `cut at ${cut} of ${png.length}`).toBe('TRUNCATED');
    }
    expect(codeOf(png.subarray(0, png.length - 1))).toBe('TRUNCATED');
  });

  it('the message says what happened and what to do', () => {
    const error = errorOf(sampleJpeg().subarray(0, 300));
    expect(error.message).toMatch(/ends inside .*fetch or export the file again/);
  });
});

describe('corrupt files', () => {
  it('a PNG with a flipped byte in its pixel data → CORRUPT (CRC checked)', () => {
    const png = samplePng().slice();
    const idat = png.findIndex((_, i) => png[i] === 0x49 && png[i + 1] === 0x44 && png[i + 2] === 0x41 && png[i + 3] === 0x54);
    png[idat + 6] ^= 0xff;
    expect(codeOf(png)).toBe('CORRUPT');
  });

  it('a PNG whose zlib stream is garbage (with valid CRCs) → CORRUPT', () => {
    const chunks = readChunks(samplePng()).map((c) => (c.type === 'IDAT' ? { type: 'IDAT', data: Uint8Array.from([0x78, 0x9c, 0xff, 0xff, 0xff, 0xff, 1, 2, 3]) } : c));
    expect(codeOf(writePng(chunks))).toBe('CORRUPT');
  });

  it('a PNG whose first chunk is not IHDR, or with an invalid depth → CORRUPT', () => {
    const chunks = readChunks(samplePng());
    expect(codeOf(writePng(chunks.filter((c) => c.type !== 'IHDR')))).toBe('CORRUPT');
    const ihdr = chunks[0].data.slice();
    ihdr[8] = 3; // bit depth 3 is never valid
    expect(codeOf(writePng([{ type: 'IHDR', data: ihdr }, ...chunks.slice(1)]))).toBe('CORRUPT');
  });

  it('a JPEG with garbage instead of a marker → CORRUPT', () => {
    const jpeg = sampleJpeg().slice();
    const app0Length = (jpeg[4] << 8) | jpeg[5];
    jpeg[4 + app0Length] = 0x12; // the marker after APP0 destroyed
    expect(codeOf(jpeg)).toBe('CORRUPT');
  });

  it('a JPEG whose header says 0 width → CORRUPT', () => {
    const jpeg = writeFlatJpeg({ width: 8, height: 8, components: 1, value: () => 1 });
    const sof = 2 + 69;
    jpeg[sof + 7] = 0;
    jpeg[sof + 8] = 0;
    expect(codeOf(jpeg)).toBe('CORRUPT');
  });

  it('a JPEG with an invalid Huffman table → CORRUPT, not a TypeError', () => {
    const jpeg = writeFlatJpeg({ width: 8, height: 8, components: 1, value: () => 1 }).slice();
    const dht = jpeg.findIndex((b, i) => b === 0xff && jpeg[i + 1] === 0xc4);
    jpeg.fill(0xff, dht + 5, dht + 5 + 16); // 255 codes of every length: impossible tree
    const code = codeOf(jpeg);
    expect(['CORRUPT', 'TRUNCATED']).toContain(code);
  });
});

describe('size limits, checked from the header before allocating', () => {
  function pngClaiming(width: number, height: number): Uint8Array {
    const chunks = readChunks(samplePng());
    const ihdr = chunks[0].data.slice();
    new DataView(ihdr.buffer).setUint32(0, width);
    new DataView(ihdr.buffer).setUint32(4, height);
    return writePng([{ type: 'IHDR', data: ihdr }, ...chunks.slice(1)]);
  }

  it('a PNG claiming 20000×20000 → TOO_LARGE with a hint how to raise the limit', () => {
    const error = errorOf(pngClaiming(20000, 20000));
    expect(error.code).toBe('TOO_LARGE');
    expect(error.message).toMatch(/20000×20000 = 400\.0 megapixels.*limit of 40\.0.*\{ maxPixels: 400000000 \}/);
  });

  it('a JPEG claiming 65535×65535 → TOO_LARGE even when cut right after its header', () => {
    const jpeg = writeFlatJpeg({ width: 8, height: 8, components: 1, value: () => 1 }).slice();
    jpeg.fill(0xff, 2 + 69 + 5, 2 + 69 + 9); // SOF height and width → 65535
    expect(codeOf(jpeg)).toBe('TOO_LARGE');
    expect(codeOf(jpeg.subarray(0, 2 + 69 + 13))).toBe('TOO_LARGE');
  });

  it('the limit is configurable both ways', () => {
    expect(codeOf(samplePng(), { maxPixels: 47 })).toBe('TOO_LARGE'); // 8×6 = 48 pixels
    expect(codeOf(samplePng(), { maxPixels: 48 })).toBe('ok');
    const big = encodePng({ width: 7000, height: 6000, data: new Uint8Array(7000 * 6000), channels: 1, depth: 8 });
    expect(codeOf(big)).toBe('TOO_LARGE');
    expect(codeOf(pngClaiming(20000, 20000), { maxPixels: 5e8 })).toBe('CORRUPT'); // allowed, but the data does not match
  });

  it('rejects a nonsensical maxPixels', () => {
    expect(() => decodeSync(samplePng(), { maxPixels: -1 })).toThrow(RangeError);
  });
});
