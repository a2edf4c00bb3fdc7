import { describe, expect, it } from 'vitest';
import { principalComponents, project, seedEmbeddingWithVectors } from './word-vectors.js';

// Points on the line through (1, 1, 1) along direction (3, 4, 0)/5, plus a smaller spread along
// (0, 0, 1): the first principal direction is ±(0.6, 0.8, 0), the second ±(0, 0, 1).
const rows = [-2, -1, 0, 1, 2].flatMap((t) => [-0.5, 0.5].map((s) => Float64Array.from([1 + 0.6 * t, 1 + 0.8 * t, 1 + s])));

describe('principalComponents', () => {
  it('finds the directions of largest variance, largest first, and the mean', () => {
    const pca = principalComponents(rows, 2);
    expect(Array.from(pca.mean)).toEqual([1, 1, 1].map((x) => expect.closeTo(x, 12)));
    const [first, second] = pca.components.map((c) => Array.from(c).map((x) => Math.abs(x)));
    expect(first).toEqual([0.6, 0.8, 0].map((x) => expect.closeTo(x, 9)));
    expect(second).toEqual([0, 0, 1].map((x) => expect.closeTo(x, 9)));
    // Projection recovers t (up to the sign of the direction) and s.
    const p = project(Float64Array.from([1 + 0.6 * 2, 1 + 0.8 * 2, 1.5]), pca).map(Math.abs);
    expect(Array.from(p)).toEqual([expect.closeTo(2, 9), expect.closeTo(0.5, 9)]);
  });
  it('rejects k outside 1..dimensions', () => {
    expect(() => principalComponents(rows, 4)).toThrow(/k must be in 1\.\.3/);
  });
});

describe('seedEmbeddingWithVectors', () => {
  it('writes scaled PCA coordinates into the chosen columns of found words only', () => {
    const words = new Map(rows.map((_, i) => [`w${i}`, i + 1] as [string, number]).concat([['unknown', 11]]));
    const vectors = new Map(rows.map((r, i) => [`w${i}`, r]));
    const dim = 3;
    const data = new Float32Array(12 * dim).fill(7);
    expect(seedEmbeddingWithVectors(data, dim, words, vectors, 1, 0.5)).toBe(10);
    // Column 0 and the padding row 0 and the unknown word's row 11 are untouched.
    expect([data[0], data[3], data[11 * dim + 1], data[11 * dim + 2]]).toEqual([7, 7, 7, 7]);
    const written = Array.from({ length: 10 }, (_, i) => [data[(i + 1) * dim + 1], data[(i + 1) * dim + 2]]).flat();
    const rms = Math.sqrt(written.reduce((s, x) => s + x * x, 0) / written.length);
    expect(rms).toBeCloseTo(0.5, 5);
    // Rows 1 and 2 (t = −2, s = ∓0.5) differ only in the second component.
    expect(Math.abs(data[1 * dim + 1] - data[2 * dim + 1])).toBeLessThan(1e-6);
  });
});
