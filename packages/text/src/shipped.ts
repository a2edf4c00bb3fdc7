/**
 * The shape of the model bundle embedded in src/generated/sentiment-model.ts, and turning it into
 * analyser parts: one or more member networks (TF.js layers format, weights stored compactly, see
 * weights-codec.ts), the tokenizer, and the combiner that merges the members with the lexicon
 * expert.
 */
import { loadModel, type ModelJSON, type Sequential } from '@neurite/core';
import { decodeBase64 } from '@neurite/kernels';
import { Tokenizer } from '@neurite/tokenizer';
import type { AnalyzerParts } from './analyzer.js';
import type { CombinerConfig } from './combiner.js';
import type { Truncating } from './encode.js';
import { SentimentModelError } from './errors.js';
import type { SentimentLabel } from './labels.js';
import { normalizeText } from './preprocess.js';
import { decodeWeights, type EncodedTensorSpec } from './weights-codec.js';
import { BagOfNgrams } from './bag-of-ngrams.js';

export interface ShippedMember {
  modelJson: unknown;
  tensors: EncodedTensorSpec[];
  weightsBase64: string;
}

/** The tokenizer in compact form: Keras' settings, and the words of ids 1, 2, … joined by "\n". */
export interface ShippedVocabulary {
  settings: { num_words: number | null; filters: string; lower: boolean; split: string; char_level: boolean; oov_token: string | null; document_count: number };
  words: string;
}

export interface ShippedModel {
  config: { labels: SentimentLabel[]; maxlen: number; truncating: Truncating };
  vocabulary: ShippedVocabulary;
  members: ShippedMember[];
  combiner: CombinerConfig | null;
}

/** The tokenizer of a compact vocabulary (its refitting counts are empty, as the JSON it came from had them). */
export function vocabularyTokenizer(v: ShippedVocabulary): Tokenizer {
  const s = v.settings;
  return Tokenizer.fromWordList(v.words.split('\n'), { numWords: s.num_words, filters: s.filters, lower: s.lower, split: s.split, charLevel: s.char_level, oovToken: s.oov_token, documentCount: s.document_count });
}

/** The compact form of Keras tokenizer JSON whose ids are 1..N without gaps. */
export function kerasJsonToVocabulary(json: string): ShippedVocabulary {
  const { config } = JSON.parse(json) as { config: Record<string, unknown> };
  const wordIndex = JSON.parse(config.word_index as string) as Record<string, number>;
  const words: string[] = [];
  for (const [w, i] of Object.entries(wordIndex)) words[i - 1] = w;
  if (words.length !== Object.keys(wordIndex).length || words.some((w) => w === undefined || w.includes('\n'))) throw new SentimentModelError('The tokenizer ids are not 1..N without gaps, or a word contains a line break; it cannot be stored compactly.');
  const settings = {
    num_words: (config.num_words as number | null) ?? null,
    filters: config.filters as string,
    lower: config.lower as boolean,
    split: config.split as string,
    char_level: config.char_level as boolean,
    oov_token: (config.oov_token as string | null) ?? null,
    document_count: (config.document_count as number) ?? 0,
  };
  return { settings, words: words.join('\n') };
}

export function oovIndexOf(tokenizer: Tokenizer): number | undefined {
  return tokenizer.oovToken === null ? undefined : tokenizer.wordIndex.get(tokenizer.oovToken);
}

export async function loadShippedParts(bundle: ShippedModel): Promise<AnalyzerParts> {
  if (bundle.members.length === 0) throw new SentimentModelError('The shipped model bundle has no member network.');
  const members: Sequential[] = [];
  for (const m of bundle.members) {
    const weights = decodeWeights(decodeBase64(m.weightsBase64), m.tensors);
    // Passed explicitly: the package is side-effect free, so a bare import would be dropped by bundlers.
    members.push(await loadModel({ modelJson: m.modelJson as ModelJSON, weights }, { customLayers: { BagOfNgrams } }));
  }
  const tokenizer = vocabularyTokenizer(bundle.vocabulary);
  const c = bundle.config;
  return {
    model: members[0],
    tokenizer,
    labels: [...c.labels],
    maxlen: c.maxlen,
    truncating: c.truncating,
    preprocess: normalizeText,
    oovIndex: oovIndexOf(tokenizer),
    ensemble: bundle.combiner === null ? undefined : { members, combiner: bundle.combiner },
  };
}
