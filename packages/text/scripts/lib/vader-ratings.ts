/**
 * The human-rated sentences of Hutto & Gilbert (2014) (scripts/fetch-vader-ratings.sh) as
 * 3-class `{text, label, domain}` examples. Each line of a *_GroundTruth.txt file is
 * `ID <tab> mean rating (−4..+4) <tab> text`; a mean of at least +threshold is positive, at most
 * −threshold negative, anything between neutral.
 *
 * IDs of the editorial and review files are `<document>_<sentence>`: the split keeps each
 * document's sentences together, so no val or test sentence comes from an article or review
 * seen in training. Tweet IDs are single numbers (one document each).
 */
import { Random } from '@neurite/core';
import type { SentimentLabel } from '../../src/labels.js';
import type { Example } from './data.js';

export const RATED_SETS = [
  { file: 'nytEditorialSnippets_GroundTruth.txt', domain: 'news' },
  { file: 'amazonReviewSnippets_GroundTruth.txt', domain: 'reviews' },
  { file: 'tweets_GroundTruth.txt', domain: 'tweets' },
] as const;
// movieReviewSnippets_GroundTruth.txt is left out: 10,578 of its 10,605 sentences are
// rt_polarity_binary sentences (train, val and test), found by duplicateKey.

export interface RatedSentence {
  document: string;
  rating: number;
  text: string;
}

export function parseRatings(content: string, source: string): RatedSentence[] {
  const out: RatedSentence[] = [];
  const lines = content.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    if (lines[i].trim() === '') continue;
    const [id, rating, ...rest] = lines[i].split('\t');
    const value = Number(rating);
    const text = rest.join('\t').trim();
    if (!id || !Number.isFinite(value) || value < -4 || value > 4 || text === '') throw new Error(`${source}:${i + 1}: expected 'ID<tab>rating in −4..4<tab>text'`);
    out.push({ document: id.split('_')[0], rating: value, text });
  }
  return out;
}

export function labelOfRating(rating: number, threshold: number): SentimentLabel {
  if (rating >= threshold) return 'positive';
  if (rating <= -threshold) return 'negative';
  return 'neutral';
}

/** A key under which the same sentence, differently spaced, cased or punctuated, collides. */
export function duplicateKey(text: string): string {
  return text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
}

export interface RatedSplits {
  train: Example[];
  val: Example[];
  test: Example[];
  /** Sentences left out because their text is in `exclude` (e.g. the shared sentiment splits). */
  duplicates: number;
}

/**
 * Shuffles the documents with `seed` and gives the first `valShare` of them to val, the next
 * `testShare` to test and the rest to train (shares of documents, not of sentences).
 */
export function splitRatings(sentences: RatedSentence[], domain: string, options: { threshold: number; seed: number; valShare: number; testShare: number; exclude: Set<string> }): RatedSplits {
  const kept = sentences.filter((s) => !options.exclude.has(duplicateKey(s.text)));
  const documents = [...new Set(kept.map((s) => s.document))];
  const rng = new Random(options.seed);
  for (let i = documents.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [documents[i], documents[j]] = [documents[j], documents[i]];
  }
  const nVal = Math.round(documents.length * options.valShare);
  const nTest = Math.round(documents.length * options.testShare);
  const part = new Map(documents.map((d, i) => [d, i < nVal ? 'val' : i < nVal + nTest ? 'test' : 'train'] as const));
  const splits: RatedSplits = { train: [], val: [], test: [], duplicates: sentences.length - kept.length };
  for (const s of kept) splits[part.get(s.document)!].push({ text: s.text, label: labelOfRating(s.rating, options.threshold), domain });
  return splits;
}
