import { it, expect } from 'vitest';
import { describeKernels, randomFloats } from '../test-support.js';
import { KernelArgumentError } from '../check.js';

describeKernels('embedding', (k) => {
  const vocab = 7;
  const dim = 5;
  const table = randomFloats(vocab * dim, 31);

  it('gathers rows of the table by id', () => {
    const ids = new Int32Array([3, 0, 6, 3]);
    const out = new Float32Array(ids.length * dim);
    k.embedding(table, ids, out, ids.length, dim, vocab);
    for (let i = 0; i < ids.length; i++) {
      expect(Array.from(out.subarray(i * dim, i * dim + dim))).toEqual(Array.from(table.subarray(ids[i] * dim, ids[i] * dim + dim)));
    }
  });

  it('backward zeroes the table gradient and scatter-adds repeated ids', () => {
    const ids = new Int32Array([3, 0, 6, 3, 3]);
    const dy = randomFloats(ids.length * dim, 32);
    const dtable = new Float32Array(vocab * dim).fill(9);
    k.embeddingBackward(ids, dy, dtable, ids.length, dim, vocab);
    const expected = new Float64Array(vocab * dim);
    ids.forEach((id, i) => {
      for (let j = 0; j < dim; j++) expected[id * dim + j] += dy[i * dim + j];
    });
    for (let i = 0; i < expected.length; i++) expect(dtable[i]).toBeCloseTo(expected[i], 6);
    expect(dtable[1 * dim]).toBe(0);
  });

  it('backward: many repeats, rows placed exactly where the reference puts them', () => {
    const [v, d, n] = [50, 13, 400];
    const ids = new Int32Array(n);
    for (let i = 0; i < n; i++) ids[i] = (i * 7919) % 37; // ids 0..36 repeat; 37..49 never occur
    const dy = randomFloats(n * d, 33);
    const dtable = randomFloats(v * d, 34);
    k.embeddingBackward(ids, dy, dtable, n, d, v);
    const expected = new Float32Array(v * d);
    for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) expected[ids[i] * d + j] += dy[i * d + j];
    expect(dtable).toEqual(expected);
    k.embeddingBackward(new Int32Array(0), new Float32Array(0), dtable, 0, d, v);
    expect(dtable.every((x) => x === 0)).toBe(true);
  });

  it('rejects out-of-range ids, naming the position and the value', () => {
    const out = new Float32Array(3 * dim);
    expect(() => k.embedding(table, new Int32Array([1, 7, 2]), out, 3, dim, vocab)).toThrow(/ids\[1\] is 7, outside \[0, 7\)/);
    expect(() => k.embedding(table, new Int32Array([1, 2, -1]), out, 3, dim, vocab)).toThrow(KernelArgumentError);
    expect(() => k.embeddingBackward(new Int32Array([0, 9, 2]), out, new Float32Array(vocab * dim), 3, dim, vocab)).toThrow(/ids\[1\] is 9/);
  });

  it('rejects buffers that do not match the shape', () => {
    expect(() => k.embedding(table, new Int32Array([1, 2]), new Float32Array(2 * dim), 2, dim, vocab + 1)).toThrow(KernelArgumentError);
    expect(() => k.embedding(table, new Int32Array([1, 2]), new Float32Array(dim), 2, dim, vocab)).toThrow(KernelArgumentError);
  });
});
