import { describe, expect, it } from 'vitest';
import { decodeBase64 } from './base64.js';

describe('decodeBase64', () => {
  it('matches Node Buffer on every padding length and all byte values', () => {
    const all = Uint8Array.from({ length: 259 }, (_, i) => (i * 37) & 0xff);
    for (let n = 0; n <= 7; n++) expect(decodeBase64(Buffer.from(all.subarray(0, n)).toString('base64'))).toEqual(all.subarray(0, n));
    expect(decodeBase64(Buffer.from(all).toString('base64'))).toEqual(all);
  });

  it('rejects bad characters and bad lengths', () => {
    expect(() => decodeBase64('ab$d')).toThrow(RangeError);
    expect(() => decodeBase64('abc')).toThrow(RangeError);
  });
});
