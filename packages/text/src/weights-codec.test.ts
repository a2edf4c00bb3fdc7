/** Compact weight storage: exact float32 round trip, int8-rows within max|row|/254, size and errors. */
import { describe, expect, it } from 'vitest';
import { decodeWeights, encodedByteLength, encodeWeights } from './weights-codec.js';
import { SentimentModelError } from './errors.js';

function pseudoRandom(n: number, seed: number, scale: number): Float32Array {
  let s = seed;
  return Float32Array.from({ length: n }, () => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    return ((s / 2 ** 32) * 2 - 1) * scale;
  });
}

describe('weights codec', () => {
  const emb = { name: 'emb', shape: [300, 7], data: pseudoRandom(2100, 1, 0.3) };
  emb.data.fill(0, 7, 14); // an all-zero row
  emb.data[20] = 2.5; // a row with an outlier
  const bias = { name: 'bias', shape: [5], data: pseudoRandom(5, 2, 1) };
  const kernel = { name: 'kernel', shape: [7, 3], data: pseudoRandom(21, 3, 1) };

  it('keeps small tensors exact and large matrices within max|row| / 254', () => {
    const { bytes, specs } = encodeWeights([kernel, emb, bias], 1000);
    expect(specs.map((s) => s.encoding)).toEqual(['float32', 'int8-rows', 'float32']);
    expect(bytes.length).toBe(encodedByteLength(specs));
    expect(bytes.length).toBe(4 * 21 + (4 * 300 + 2100) + 4 * 5);
    const out = new Float32Array(decodeWeights(bytes, specs).buffer);
    expect(out).toHaveLength(21 + 2100 + 5);
    expect(Array.from(out.subarray(0, 21))).toEqual(Array.from(kernel.data));
    expect(Array.from(out.subarray(2121))).toEqual(Array.from(bias.data));
    const decoded = out.subarray(21, 2121);
    for (let r = 0; r < 300; r++) {
      const row = emb.data.subarray(r * 7, r * 7 + 7);
      const bound = Math.max(...row.map(Math.abs)) / 254 + 1e-7;
      for (let c = 0; c < 7; c++) expect(Math.abs(decoded[r * 7 + c] - row[c])).toBeLessThanOrEqual(bound);
    }
    expect(Array.from(decoded.subarray(7, 14))).toEqual([0, 0, 0, 0, 0, 0, 0]);
    expect(decoded[20]).toBeCloseTo(2.5, 6); // the row maximum is exact
  });

  it('rejects bytes that do not match the specs, and unknown encodings', () => {
    const { bytes, specs } = encodeWeights([emb], 1000);
    expect(() => decodeWeights(bytes.subarray(1), specs)).toThrow(SentimentModelError);
    expect(() => decodeWeights(new Uint8Array(20), [{ name: 'x', shape: [5], encoding: 'float16' as never }])).toThrow(/Unknown weight encoding/);
  });
});
