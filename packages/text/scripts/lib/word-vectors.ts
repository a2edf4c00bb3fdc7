/**
 * Pretrained word vectors for initialising the Embedding (training time only; see
 * scripts/fetch-word-vectors.sh for the GloVe file). The 100 GloVe dimensions are reduced by PCA to
 * the few the embedding has room for, then scaled to a small RMS like a fresh Keras embedding's.
 */
import { readFileSync } from 'node:fs';

/** The vectors of `words` found in a wink-embeddings JSON file ({ dimensions, vectors: { word: [v…, norm, index] } }). */
export function readWordVectors(path: string, words: Iterable<string>): Map<string, Float64Array> {
  const file = JSON.parse(readFileSync(path, 'utf8')) as { dimensions: number; vectors: Record<string, number[]> };
  const vectors = new Map<string, Float64Array>();
  for (const word of words) {
    const v = file.vectors[word];
    if (v !== undefined) vectors.set(word, Float64Array.from(v.slice(0, file.dimensions)));
  }
  return vectors;
}

export interface Pca {
  mean: Float64Array;
  /** Unit-length principal directions, largest variance first. */
  components: Float64Array[];
}

/**
 * The top `k` principal directions of `rows`, by power iteration on the covariance matrix with
 * deflation (each found direction's variance is subtracted before looking for the next).
 */
export function principalComponents(rows: readonly Float64Array[], k: number, iterations = 300): Pca {
  const d = rows[0].length;
  if (!(k >= 1 && k <= d)) throw new RangeError(`k must be in 1..${d}, got ${k}.`);
  const mean = new Float64Array(d);
  for (const r of rows) for (let j = 0; j < d; j++) mean[j] += r[j] / rows.length;
  const cov = new Float64Array(d * d);
  for (const r of rows) {
    for (let i = 0; i < d; i++) {
      const ci = r[i] - mean[i];
      for (let j = 0; j < d; j++) cov[i * d + j] += (ci * (r[j] - mean[j])) / rows.length;
    }
  }
  const components: Float64Array[] = [];
  for (let c = 0; c < k; c++) {
    // A fixed, non-degenerate start so the result does not depend on a random seed.
    let v = Float64Array.from({ length: d }, (_, j) => 1 + j / d);
    let lambda = 0;
    for (let it = 0; it < iterations; it++) {
      const w = new Float64Array(d);
      for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) w[i] += cov[i * d + j] * v[j];
      lambda = Math.hypot(...w);
      if (lambda === 0) break;
      v = w.map((x) => x / lambda);
    }
    components.push(v);
    for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) cov[i * d + j] -= lambda * v[i] * v[j];
  }
  return { mean, components };
}

/** Coordinates of `v` along the principal directions. */
export function project(v: Float64Array, pca: Pca): Float64Array {
  return Float64Array.from(pca.components, (c) => c.reduce((s, cj, j) => s + cj * (v[j] - pca.mean[j]), 0));
}

/**
 * Writes the PCA-reduced vector of every word in `wordIndex` that has one into columns
 * [firstColumn, firstColumn + k) of its row of the row-major embedding matrix `data` (dim
 * columns), scaled so that the written values have root-mean-square `rms`. Other rows keep their
 * values. Returns how many rows were written.
 */
export function seedEmbeddingWithVectors(data: Float32Array, dim: number, wordIndex: ReadonlyMap<string, number>, vectors: ReadonlyMap<string, Float64Array>, firstColumn: number, rms = 0.1): number {
  const k = dim - firstColumn;
  const found = [...wordIndex].filter(([word, index]) => vectors.has(word) && index * dim < data.length);
  if (found.length <= k) throw new RangeError(`only ${found.length} vocabulary words have a pretrained vector; need more than ${k} to fit ${k} components.`);
  const pca = principalComponents(found.map(([word]) => vectors.get(word)!), k);
  const coordinates = found.map(([word]) => project(vectors.get(word)!, pca));
  let sumSquares = 0;
  for (const c of coordinates) for (const x of c) sumSquares += x * x;
  const scale = rms / Math.sqrt(sumSquares / (coordinates.length * k));
  found.forEach(([, index], n) => coordinates[n].forEach((x, j) => (data[index * dim + firstColumn + j] = x * scale)));
  return found.length;
}
