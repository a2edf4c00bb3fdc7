/** BagOfNgrams: which rows a text selects, the mean it outputs, gradients, save/load. */
import { describe, expect, it } from 'vitest';
import { checkGradients, layers, loadModel, modelToArtifacts, sequential, square, sub, sum, tensor } from '@neurite/core';
import { BagOfNgrams, bigramBucket, ngramRows } from './bag-of-ngrams.js';

describe('bigramBucket / ngramRows', () => {
  it('hashes deterministically into [0, buckets) and depends on order', () => {
    expect(bigramBucket(5, 9, 1000)).toBe(bigramBucket(5, 9, 1000));
    expect(bigramBucket(5, 9, 1 << 20)).not.toBe(bigramBucket(9, 5, 1 << 20));
    for (let a = 1; a < 50; a++) for (let b = 1; b < 50; b++) {
      const h = bigramBucket(a, b, 97);
      expect(Number.isInteger(h) && h >= 0 && h < 97).toBe(true);
    }
  });

  it('skips padding, pairs only adjacent non-padding ids, clamps ids past the vocabulary', () => {
    // 'pre' padding: 0 0 3 4 0 7 — bigram (3,4) only; 7 has no left neighbour.
    const rows = ngramRows([0, 0, 3, 4, 0, 7], 0, 6, 10, 5);
    expect(rows).toEqual([3, 4, 10 + bigramBucket(3, 4, 5), 7]);
    expect(ngramRows([0, 0, 0], 0, 3, 10, 5)).toEqual([]);
    expect(ngramRows([12], 0, 1, 10, 5)).toEqual([9]);
  });
});

describe('BagOfNgrams layer', () => {
  const layer = () => {
    const l = new BagOfNgrams({ vocabSize: 6, buckets: 3, outputDim: 2 });
    l.build();
    l.embeddings.assign(Float32Array.from({ length: 18 }, (_, i) => i / 10));
    return l;
  };

  it('outputs the mean of the selected rows (zeros for an all-padding row)', () => {
    const l = layer();
    const out = l.apply(tensor(Int32Array.from([0, 2, 5, 0, 0, 0]), [2, 3], 'int32'));
    const rows = ngramRows([0, 2, 5], 0, 3, 6, 3);
    const expected = [0, 1].map((j) => rows.reduce((s, r) => s + (r * 2 + j) / 10, 0) / rows.length);
    expect(out.shape).toEqual([2, 2]);
    expect(out.data[0]).toBeCloseTo(expected[0], 6);
    expect(out.data[1]).toBeCloseTo(expected[1], 6);
    expect(Array.from(out.data.slice(2))).toEqual([0, 0]);
  });

  it('has gradients that match finite differences', () => {
    const l = layer();
    const x = tensor(Int32Array.from([1, 2, 3, 0, 4, 4, 5, 1, 2]), [3, 3], 'int32');
    const loss = () => sum(square(sub(l.apply(x), 0.3)));
    const check = checkGradients(() => loss(), [l.embeddings]);
    expect(check.ok).toBe(true);
  });

  it('saves and loads in the TF.js layers format with identical predictions', async () => {
    const m = sequential({ seed: 1 });
    m.add(new BagOfNgrams({ vocabSize: 20, buckets: 16, outputDim: 4, batchInputShape: [null, 5] }));
    m.add(layers.dense({ units: 3, activation: 'softmax' }));
    const x = tensor(Int32Array.from([0, 3, 7, 7, 19, 0, 0, 0, 1, 2]), [2, 5], 'int32');
    const before = m.predict(x).data;
    const artifacts = await modelToArtifacts(m);
    const loaded = await loadModel(artifacts);
    expect(Array.from(loaded.predict(x).data)).toEqual(Array.from(before));
  });
});
