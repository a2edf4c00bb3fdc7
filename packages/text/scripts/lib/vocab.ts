/**
 * The shipped vocabulary: every VADER lexicon word (so words never seen in training still carry
 * their valence) plus the most frequent training words, up to `size` ids including padding (0)
 * and the OOV token (1). Fitted with the Keras-compatible tokenizer on the kept tokens only.
 */
import { Tokenizer } from '@neurite/tokenizer';
import { NEGATIVE_EMOTICON_TOKEN, POSITIVE_EMOTICON_TOKEN, TOKENIZER_FILTERS } from '../../src/preprocess.js';

export const OOV_TOKEN = '<OOV>';

export function buildTokenizer(normalizedTrainTexts: string[], lexicon: Map<string, number>, size: number): Tokenizer {
  const counter = new Tokenizer({ filters: TOKENIZER_FILTERS, oovToken: OOV_TOKEN });
  counter.fitOnTexts(normalizedTrainTexts);
  const selected = new Set<string>([POSITIVE_EMOTICON_TOKEN, NEGATIVE_EMOTICON_TOKEN]);
  // A lexicon entry is usable only if the tokenizer would produce it as one token.
  for (const word of lexicon.keys()) if (counter.tokenize(word).length === 1 && counter.tokenize(word)[0] === word) selected.add(word);
  for (const word of counter.wordIndex.keys()) {
    if (selected.size >= size - 2) break;
    if (word !== OOV_TOKEN) selected.add(word);
  }
  const tokenizer = new Tokenizer({ filters: TOKENIZER_FILTERS, oovToken: OOV_TOKEN });
  tokenizer.fitOnTexts(normalizedTrainTexts.map((t) => counter.tokenize(t).filter((w) => selected.has(w))));
  const unseen = [...selected].filter((w) => !tokenizer.wordIndex.has(w));
  if (unseen.length > 0) tokenizer.fitOnTexts([unseen]);
  return tokenizer;
}
