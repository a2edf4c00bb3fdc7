import { zlibSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { decodeSync } from './decode.js';
import { ImageDecodeError } from './errors.js';
import { maxInflatedBytes } from './png-inflate-limit.js';
import { be32, writePng } from './test-support/png-chunks.js';
import { samplePng } from './test-support/fixtures.js';

/** A 16×16 RGBA PNG whose IDAT inflates to `inflated` bytes (zeros: compresses ~1000:1). */
function pngInflatingTo(inflated: number): Uint8Array {
  const ihdr = new Uint8Array([...be32(16, 16), 8, 6, 0, 0, 0]);
  return writePng([
    { type: 'IHDR', data: ihdr },
    { type: 'IDAT', data: zlibSync(new Uint8Array(inflated), { level: 9 }) },
    { type: 'IEND', data: new Uint8Array(0) },
  ]);
}

describe('PNG zlib bombs', () => {
  it('the limit is what a header allows: (rows + 7 Adam7 passes) × (filter byte + packed row)', () => {
    expect(maxInflatedBytes({ width: 16, height: 16, bitDepth: 8, colorType: 6, interlaced: false, animated: false, idatBytes: 1 })).toBe(23 * 65 + 56);
    expect(maxInflatedBytes({ width: 10, height: 3, bitDepth: 1, colorType: 0, interlaced: false, animated: false, idatBytes: 1 })).toBe(10 * 3 + 56);
  });

  it('refuses image data that inflates past what the header allows, before decoding it', () => {
    const bomb = pngInflatingTo(64 * 1024 * 1024); // 64 MB of zeros behind a 16×16 header
    expect(bomb.length).toBeLessThan(200_000);
    let error: unknown;
    try {
      decodeSync(bomb);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ImageDecodeError);
    expect((error as ImageDecodeError).code).toBe('CORRUPT');
    expect((error as Error).message).toMatch(/inflates to more than the 1551 bytes its 16×16 header allows/);
  });

  it('still decodes a PNG whose data fits its header', () => {
    expect(decodeSync(pngInflatingTo(16 * (1 + 16 * 4))).width).toBe(16);
    expect(decodeSync(samplePng()).width).toBeGreaterThan(0);
  });
});
