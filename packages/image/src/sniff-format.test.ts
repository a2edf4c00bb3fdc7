import { describe, expect, it } from 'vitest';
import { sniffFormat } from './sniff-format.js';
import { sampleJpeg, samplePng } from './test-support/fixtures.js';

const bytes = (...parts: (number[] | string)[]) =>
  Uint8Array.from(parts.flatMap((p) => (typeof p === 'string' ? Array.from(p, (c) => c.charCodeAt(0)) : p)));

describe('sniffFormat', () => {
  it.each([
    ['jpeg', sampleJpeg()],
    ['png', samplePng()],
    ['gif', bytes('GIF87a')],
    ['webp', bytes('RIFF', [1, 2, 3, 4], 'WEBPVP8L')],
    ['bmp', bytes('BM', [0, 0])],
    ['tiff', bytes([0x49, 0x49, 0x2a, 0x00])],
    ['heif', bytes([0, 0, 0, 24], 'ftypheic')],
    ['avif', bytes([0, 0, 0, 24], 'ftypavif')],
    ['zip', bytes([0x50, 0x4b, 0x03, 0x04])],
    ['pdf', bytes('%PDF-1.4')],
    ['gzip', bytes([0x1f, 0x8b, 8])],
    ['text', bytes('{"not": "an image"}\n')],
    ['unknown', bytes([0, 0xff, 0x10])],
    ['unknown', new Uint8Array(0)],
  ])('%s', (format, input) => {
    expect(sniffFormat(input)).toBe(format);
  });
});
