/** The shipped members' embedding start: lexicon valences in columns 0–1, GloVe (PCA) in the rest. */
import type { Sequential } from '@neurite/core';
import type { Tokenizer } from '@neurite/tokenizer';
import { readWordVectors, seedEmbeddingWithVectors } from './word-vectors.js';

/** Seeds embedding dimensions 0 and 1 with ±valence/8 for lexicon words (uniform ±0.05 elsewhere). */
export function seedEmbeddingWithLexicon(model: Sequential, tok: Tokenizer, lexicon: Map<string, number>): number {
  const weights = model.getWeights();
  const emb = weights[0];
  const data = emb.data as Float32Array;
  const dim = emb.shape[1];
  let seeded = 0;
  const withEmoticons = new Map(lexicon).set('xxemopos', 2).set('xxemoneg', -2);
  for (const [word, index] of tok.wordIndex) {
    const v = withEmoticons.get(word);
    if (v === undefined || index >= emb.shape[0]) continue;
    data[index * dim] = v / 8;
    data[index * dim + 1] = -v / 8;
    seeded++;
  }
  model.setWeights(weights);
  return seeded;
}

/** Columns 2.. of each embedding row whose word has a pretrained vector (columns 0–1 hold the lexicon seeding). */
export function seedEmbeddingWithPretrained(model: Sequential, tok: Tokenizer, path: string): number {
  const weights = model.getWeights();
  const emb = weights[0];
  const vectors = readWordVectors(path, tok.wordIndex.keys());
  const seeded = seedEmbeddingWithVectors(emb.data as Float32Array, emb.shape[1], tok.wordIndex, vectors, 2);
  model.setWeights(weights);
  return seeded;
}
