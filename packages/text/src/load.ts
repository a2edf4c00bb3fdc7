/**
 * loadSentimentAnalyzer(): the shipped model (embedded in the bundle: no fs, no fetch), or a
 * user's own TF.js layers model + Keras tokenizer JSON. analyzeSentiment() uses a cached
 * shipped analyser.
 */
import { loadModel, Sequential, tensor, type LoadModelOptions, type ModelSource } from '@neurite/core';
import { Tokenizer } from '@neurite/tokenizer';
import { SentimentAnalyzer, type AnalyzeOptions, type SentimentResult } from './analyzer.js';
import type { Truncating } from './encode.js';
import { describeValue, SentimentModelError } from './errors.js';
import { LABELS, type SentimentLabel } from './labels.js';
import { normalizeText } from './preprocess.js';
import { SHIPPED_MODEL } from './generated/sentiment-model.js';
import { loadShippedParts, oovIndexOf } from './shipped.js';

export interface LoadSentimentOptions {
  /** A TF.js layers model: path/URL, `{ modelJson, weights }`, artifacts, a handler, or a built Sequential. Default: the shipped model. */
  model?: ModelSource | Sequential;
  /** The tokenizer used in training: Keras `tokenizer.to_json()` text or a Tokenizer. Required with `model`. */
  tokenizer?: string | Tokenizer;
  /** Meaning of the model's outputs in order (default ['negative','neutral','positive'] for 3 outputs, ['negative','positive'] for 2, ['positive'] (sigmoid p = positive) for 1). */
  labels?: SentimentLabel[];
  /** Sequence length of the model (default: the model's fixed input length). */
  maxlen?: number;
  /** Which end of a long text is cut, as in training (default 'pre', Keras' default). */
  truncating?: Truncating;
  /** Rewrite applied before the tokenizer: 'none' (default for user models), 'neurite' (the shipped model's) or a function. */
  preprocess?: 'none' | 'neurite' | ((text: string) => string);
  /** Passed to loadModel. */
  loadOptions?: LoadModelOptions;
}

function defaultLabels(outputs: number): SentimentLabel[] {
  if (outputs === 3) return [...LABELS];
  if (outputs === 2) return ['negative', 'positive'];
  if (outputs === 1) return ['positive'];
  throw new SentimentModelError(`The model has ${outputs} outputs; a sentiment model needs 1 (sigmoid), 2 or 3 (softmax). Pass labels if the order differs from the defaults.`);
}

/** Loads the shipped analyser, or wraps a user's model and tokenizer. */
export async function loadSentimentAnalyzer(options: LoadSentimentOptions = {}): Promise<SentimentAnalyzer> {
  if (options.model === undefined) {
    if (options.tokenizer !== undefined) throw new SentimentModelError('loadSentimentAnalyzer: a tokenizer was given without a model; pass both, or neither for the shipped model.');
    return new SentimentAnalyzer(await loadShippedParts(SHIPPED_MODEL));
  }
  if (options.tokenizer === undefined) throw new SentimentModelError('loadSentimentAnalyzer: a model was given without its tokenizer; pass tokenizer (Keras tokenizer.to_json() text or a Tokenizer).');
  const tokenizer = options.tokenizer instanceof Tokenizer ? options.tokenizer : typeof options.tokenizer === 'string' ? Tokenizer.fromJSON(options.tokenizer) : null;
  if (tokenizer === null) throw new SentimentModelError(`loadSentimentAnalyzer: tokenizer must be Keras tokenizer JSON text or a Tokenizer, got ${describeValue(options.tokenizer)}.`);
  const model = options.model instanceof Sequential ? options.model : await loadModel(options.model, options.loadOptions);
  const inputShape = model.layers[0]?.batchInputShape as (number | null)[] | undefined;
  const maxlen = options.maxlen ?? inputShape?.[1] ?? undefined;
  if (typeof maxlen !== 'number') throw new SentimentModelError('loadSentimentAnalyzer: the model has no fixed input length; pass maxlen (the sequence length used in training).');
  const probe = model.predict(tensor(new Int32Array(maxlen), [1, maxlen], 'int32'));
  const labels = options.labels ?? defaultLabels(probe.shape[probe.shape.length - 1]);
  const pre = options.preprocess ?? 'none';
  const preprocess = pre === 'none' ? (t: string) => t : pre === 'neurite' ? normalizeText : pre;
  if (typeof preprocess !== 'function') throw new SentimentModelError(`loadSentimentAnalyzer: preprocess must be 'none', 'neurite' or a function, got ${describeValue(pre)}.`);
  return new SentimentAnalyzer({ model, tokenizer, labels, maxlen, truncating: options.truncating ?? 'pre', preprocess, oovIndex: oovIndexOf(tokenizer) });
}

let shipped: Promise<SentimentAnalyzer> | null = null;

/** Sentiment of one text (or of each text of an array), with the shipped model (loaded once). */
export async function analyzeSentiment(text: string, options?: AnalyzeOptions): Promise<SentimentResult>;
export async function analyzeSentiment(texts: readonly string[], options?: AnalyzeOptions): Promise<SentimentResult[]>;
export async function analyzeSentiment(input: string | readonly string[], options?: AnalyzeOptions): Promise<SentimentResult | SentimentResult[]> {
  shipped ??= loadSentimentAnalyzer().catch((e: unknown) => {
    shipped = null;
    throw e;
  });
  const analyzer = await shipped;
  return analyzer.analyze(input as string, options);
}
