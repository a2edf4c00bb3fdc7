/** Texts → the padded `[batch, maxlen]` int32 ids the model reads, with per-text truncation facts. */
import { padSequences, type Tokenizer } from '@neurite/tokenizer';

export interface EncodedBatch {
  /** Row-major ids, `ids[i * maxlen + t]`; Keras 'pre' padding with 0. */
  ids: Int32Array;
  /** The ids each text kept, after truncation (what the model saw). */
  kept: number[][];
  /** Each text's ids before truncation. */
  sequences: number[][];
}

export type Truncating = 'pre' | 'post';

/**
 * Tokenizes already-normalised texts and pads/truncates them to `maxlen` like Keras'
 * `pad_sequences(padding='pre', truncating)`. A text with no known token becomes all padding.
 */
export function encodeTexts(tokenizer: Tokenizer, texts: string[], maxlen: number, truncating: Truncating): EncodedBatch {
  const sequences = tokenizer.textsToSequences(texts);
  const kept = sequences.map((s) => (s.length <= maxlen ? s : truncating === 'pre' ? s.slice(s.length - maxlen) : s.slice(0, maxlen)));
  const padded = padSequences(kept, { maxlen, padding: 'pre', truncating, value: 0, dtype: 'int32' });
  return { ids: padded.data as Int32Array, kept, sequences };
}
