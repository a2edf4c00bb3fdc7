/**
 * SentimentAnalyzer: a loaded model + tokenizer + how texts were prepared in training.
 * analyze() validates, normalises, tokenizes, pads/truncates like training, predicts in batches,
 * and turns the model's outputs into { label, confidence, scores } (scores sum to 1).
 */
import { tensor, type Sequential } from '@neurite/core';
import type { Tokenizer } from '@neurite/tokenizer';
import { encodeTexts, type Truncating } from './encode.js';
import { describeValue, SentimentInputError, SentimentModelError } from './errors.js';
import { explainText, type TokenContribution } from './explain.js';
import { combine, type CombinerConfig } from './combiner.js';
import type { SentimentLabel } from './labels.js';

export type SentimentScores = Record<SentimentLabel, number>;

export interface SentimentResult {
  label: SentimentLabel;
  /** The winning label's score. */
  confidence: number;
  /** Probabilities of the three labels; they sum to 1. */
  scores: SentimentScores;
  /** Tokens the model read (after truncation). */
  tokens: number;
  /** True when the text had more than `maxTokens` tokens and only the last `maxTokens` were read (as in training). */
  truncated: boolean;
  /** Fraction of the text's tokens found in the vocabulary (0 for empty, unknown-script or emoji-only text). */
  coverage: number;
  /** Per-token contributions, with `explain: true`. */
  contributions?: TokenContribution[];
}

export interface AnalyzeOptions {
  /** Add per-token contributions (one extra forward pass per token; slower). */
  explain?: boolean;
  /** Texts per forward pass (default 256). */
  batchSize?: number;
}

export interface AnalyzerParts {
  model: Sequential;
  tokenizer: Tokenizer;
  /**
   * What each model output means, in order. 3 outputs (softmax): e.g. ['negative','neutral','positive'];
   * 2 outputs (softmax): e.g. ['negative','positive']; 1 output (sigmoid): ['negative','positive'] means p = positive.
   */
  labels: SentimentLabel[];
  /** Sequence length the model was trained with. */
  maxlen: number;
  /** Which end is cut from long texts, as in training ('pre' keeps the end, Keras' default). */
  truncating: Truncating;
  /** Text rewrite applied before the tokenizer in training (identity for a plain Keras tokenizer). */
  preprocess: (text: string) => string;
  /** Id of the OOV token, if the tokenizer has one (not counted as a known token). */
  oovIndex?: number;
  /**
   * The shipped model's form: several member networks (3 softmax outputs each, in
   * [negative, neutral, positive] order, reading the same ids) merged with the lexicon expert by
   * `combiner` (src/combiner.ts). When given, `model` is ignored for scoring.
   */
  ensemble?: { members: Sequential[]; combiner: CombinerConfig };
}

const NO_SIGNAL: SentimentScores = { negative: 0, neutral: 1, positive: 0 };

export class SentimentAnalyzer {
  readonly maxTokens: number;
  readonly labels: readonly SentimentLabel[];
  private readonly parts: AnalyzerParts;

  constructor(parts: AnalyzerParts) {
    const n = parts.labels.length;
    if (n < 1 || n > 3 || new Set(parts.labels).size !== n) throw new SentimentModelError(`labels must be 1 to 3 distinct sentiment labels, got [${parts.labels.join(', ')}].`);
    if (!Number.isInteger(parts.maxlen) || parts.maxlen < 1) throw new SentimentModelError(`maxlen must be a positive integer, got ${String(parts.maxlen)}.`);
    this.parts = parts;
    this.maxTokens = parts.maxlen;
    this.labels = parts.labels;
  }

  analyze(text: string, options?: AnalyzeOptions): SentimentResult;
  analyze(texts: readonly string[], options?: AnalyzeOptions): SentimentResult[];
  analyze(input: string | readonly string[], options: AnalyzeOptions = {}): SentimentResult | SentimentResult[] {
    if (typeof input === 'string') return this.analyzeBatch([input], options, 'text')[0];
    if (!Array.isArray(input)) throw new SentimentInputError(`analyze: expected a string or an array of strings, got ${describeValue(input)}.`, 'text');
    return this.analyzeBatch(input, options, 'texts');
  }

  /** Model probabilities for already-encoded rows; `ids` is [n, maxlen] row-major. */
  predictIds(ids: Int32Array, n: number): SentimentScores[] {
    if (this.parts.ensemble) return this.predictEnsemble(ids, n, this.parts.ensemble);
    const { model, labels, maxlen } = this.parts;
    const out = model.predict(tensor(ids, [n, maxlen], 'int32'), { batchSize: Math.max(1, n) });
    const width = out.shape[1];
    if (out.shape.length !== 2 || width !== (labels.length === 1 ? 1 : labels.length)) {
      throw new SentimentModelError(`The model outputs shape [${out.shape.join(', ')}] but ${labels.length} label(s) [${labels.join(', ')}] were given; pass labels matching the model's last Dense layer.`);
    }
    const data = out.data;
    const rows: SentimentScores[] = [];
    for (let i = 0; i < n; i++) {
      const s: SentimentScores = { negative: 0, neutral: 0, positive: 0 };
      if (labels.length === 1) {
        const p = Math.min(1, Math.max(0, data[i]));
        s[labels[0]] = p;
        s[labels[0] === 'negative' ? 'positive' : 'negative'] = 1 - p;
      } else {
        let sum = 0;
        for (let j = 0; j < width; j++) sum += Math.max(0, data[i * width + j]);
        for (let j = 0; j < width; j++) s[labels[j]] = sum > 0 ? Math.max(0, data[i * width + j]) / sum : 1 / width;
      }
      rows.push(s);
    }
    return rows;
  }

  private predictEnsemble(ids: Int32Array, n: number, ensemble: NonNullable<AnalyzerParts['ensemble']>): SentimentScores[] {
    const { maxlen, tokenizer } = this.parts;
    const x = tensor(ids, [n, maxlen], 'int32');
    const memberProbs = ensemble.members.map((m) => {
      const out = m.predict(x, { batchSize: Math.max(1, n) });
      if (out.shape.length !== 2 || out.shape[1] !== 3) throw new SentimentModelError(`An ensemble member outputs shape [${out.shape.join(', ')}]; members must output [batch, 3] probabilities.`);
      return out.data;
    });
    const p = combine(ensemble.combiner, tokenizer, ids, n, maxlen, memberProbs);
    const rows: SentimentScores[] = [];
    for (let i = 0; i < n; i++) rows.push({ negative: p[i * 3], neutral: p[i * 3 + 1], positive: p[i * 3 + 2] });
    return rows;
  }

  private analyzeBatch(texts: readonly string[], options: AnalyzeOptions, name: string): SentimentResult[] {
    const batchSize = options.batchSize ?? 256;
    if (!Number.isInteger(batchSize) || batchSize < 1) throw new SentimentInputError(`analyze: batchSize must be a positive integer, got ${describeValue(batchSize)}.`, 'options.batchSize');
    const normalized: string[] = [];
    for (let i = 0; i < texts.length; i++) {
      const t = texts[i];
      const path = name === 'text' ? 'text' : `texts[${i}]`;
      if (typeof t !== 'string') throw new SentimentInputError(`analyze: ${path} is ${describeValue(t)}; expected a string.`, path);
      normalized.push(this.parts.preprocess(t));
    }
    const results: SentimentResult[] = [];
    for (let start = 0; start < normalized.length; start += batchSize) {
      const chunk = normalized.slice(start, start + batchSize);
      const enc = encodeTexts(this.parts.tokenizer, chunk, this.parts.maxlen, this.parts.truncating);
      const scores = this.predictIds(enc.ids, chunk.length);
      for (let i = 0; i < chunk.length; i++) {
        const known = enc.kept[i].filter((id) => id !== this.parts.oovIndex).length;
        const words = this.parts.tokenizer.tokenize(chunk[i]);
        const knownInText = enc.sequences[i].filter((id) => id !== this.parts.oovIndex).length;
        const s = known === 0 ? { ...NO_SIGNAL } : scores[i];
        const result = toResult(s, enc.kept[i].length, enc.sequences[i].length > this.parts.maxlen, words.length === 0 ? 0 : Math.min(1, knownInText / words.length));
        if (options.explain) result.contributions = known === 0 ? [] : explainText(this, this.parts, words, enc.sequences[i], enc.kept[i], result);
        results.push(result);
      }
    }
    return results;
  }
}

function toResult(scores: SentimentScores, tokens: number, truncated: boolean, coverage: number): SentimentResult {
  const label: SentimentLabel = scores.negative >= scores.neutral && scores.negative >= scores.positive ? 'negative' : scores.positive > scores.neutral ? 'positive' : 'neutral';
  return { label, confidence: scores[label], scores, tokens, truncated, coverage };
}
