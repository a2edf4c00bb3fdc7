/**
 * BagOfNgrams: a fastText-style text encoder as one custom layer. Input: the same padded
 * `[batch, maxlen]` token ids the BiLSTM reads (0 = padding). Output: `[batch, outputDim]`, the
 * mean of the embeddings of the text's unigrams and hashed bigrams. Bigram (a, b) of two adjacent
 * non-padding ids uses row `vocabSize + bigramBucket(a, b, buckets)`, so no bigram vocabulary
 * has to ship. Forward and backward are written out here (a gather and a scatter-add) and
 * recorded on the tape, which keeps a training step cheap.
 */
import { Layer, record, registerLayer, Tensor, type LayerArgs, type LayerConfig, type LayerShape, type Variable } from '@neurite/core';

export interface BagOfNgramsArgs extends LayerArgs {
  /** Rows for unigram ids (the tokenizer's ids; 0 is padding and never looked up). */
  vocabSize: number;
  /** Hash buckets for bigrams. */
  buckets: number;
  outputDim: number;
}

/** Bucket of the bigram (a, b), in [0, buckets): a fixed integer hash, identical in every runtime. */
export function bigramBucket(a: number, b: number, buckets: number): number {
  let h = Math.imul(a, 0x9e3779b1) ^ Math.imul(b + 0x7f4a7c15, 0x85ebca6b);
  h ^= h >>> 15;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 13;
  return (h >>> 0) % buckets;
}

/** Rows of the table a text's ids select: its unigrams, then its bigrams. */
export function ngramRows(ids: ArrayLike<number>, start: number, length: number, vocabSize: number, buckets: number): number[] {
  const rows: number[] = [];
  let prev = 0;
  for (let t = 0; t < length; t++) {
    const id = ids[start + t];
    if (id <= 0) {
      prev = 0;
      continue;
    }
    rows.push(Math.min(id, vocabSize - 1));
    if (prev > 0) rows.push(vocabSize + bigramBucket(prev, id, buckets));
    prev = id;
  }
  return rows;
}

export class BagOfNgrams extends Layer {
  static override className = 'BagOfNgrams';
  readonly vocabSize: number;
  readonly buckets: number;
  readonly outputDim: number;
  embeddings!: Variable;

  constructor(args: BagOfNgramsArgs) {
    super(args);
    this.vocabSize = args.vocabSize;
    this.buckets = args.buckets;
    this.outputDim = args.outputDim;
  }

  override build(): void {
    const uniform = { class_name: 'RandomUniform', config: { minval: -0.05, maxval: 0.05 } };
    this.embeddings = this.addWeight('embeddings', [this.vocabSize + this.buckets, this.outputDim], uniform);
    this.built = true;
  }

  call(x: Tensor): Tensor {
    const [n, len] = x.shape;
    const d = this.outputDim;
    const table = this.embeddings.data as Float32Array;
    const perText: number[][] = [];
    const out = new Float32Array(n * d);
    for (let i = 0; i < n; i++) {
      const rows = ngramRows(x.data, i * len, len, this.vocabSize, this.buckets);
      perText.push(rows);
      if (rows.length === 0) continue;
      const inv = 1 / rows.length;
      for (const r of rows) for (let j = 0; j < d; j++) out[i * d + j] += table[r * d + j] * inv;
    }
    return record(new Tensor(out, [n, d]), [this.embeddings], (dy) => {
      const grad = new Float32Array(this.embeddings.size);
      const g = dy.data as Float32Array;
      perText.forEach((rows, i) => {
        const inv = 1 / Math.max(1, rows.length);
        for (const r of rows) for (let j = 0; j < d; j++) grad[r * d + j] += g[i * d + j] * inv;
      });
      return [new Tensor(grad, this.embeddings.shape)];
    });
  }

  override computeOutputShape(s: LayerShape): LayerShape {
    return [s[0], this.outputDim];
  }

  override getConfig(): LayerConfig {
    return { ...super.getConfig(), vocab_size: this.vocabSize, buckets: this.buckets, output_dim: this.outputDim };
  }
}

registerLayer(BagOfNgrams);
