/** The compact shipped vocabulary: a lossless stand-in for Keras tokenizer JSON. */
import { describe, expect, it } from 'vitest';
import { Tokenizer } from '@neurite/tokenizer';
import { kerasJsonToVocabulary, oovIndexOf, vocabularyTokenizer } from './shipped.js';
import { SentimentModelError } from './errors.js';
import { TOKENIZER_FILTERS } from './preprocess.js';

describe('shipped vocabulary', () => {
  it('round-trips a fitted tokenizer: same ids, settings and OOV handling', () => {
    const original = new Tokenizer({ filters: TOKENIZER_FILTERS, oovToken: '<OOV>' });
    original.fitOnTexts(["the crew was great !", "don't fly with them", 'the food 😀 was cold']);
    const compact = kerasJsonToVocabulary(original.toJSON());
    expect(compact.words.split('\n')[0]).toBe('<OOV>');
    const rebuilt = vocabularyTokenizer(compact);
    const texts = ["The crew wasn't great!", 'zebra 😀 food', ''];
    expect(rebuilt.textsToSequences(texts)).toEqual(original.textsToSequences(texts));
    expect([...rebuilt.wordIndex]).toEqual([...original.wordIndex]);
    expect(JSON.parse(rebuilt.toJSON()).config).toMatchObject({ filters: TOKENIZER_FILTERS, lower: true, oov_token: '<OOV>', word_counts: '{}', document_count: 3 });
  });

  it('refuses ids with gaps', () => {
    const json = JSON.stringify({ class_name: 'Tokenizer', config: { word_index: JSON.stringify({ a: 1, b: 3 }), filters: '', lower: true, split: ' ', char_level: false } });
    expect(() => kerasJsonToVocabulary(json)).toThrow(SentimentModelError);
  });

  it("oovIndexOf: the OOV token's id, or undefined without one (or before fitting)", () => {
    const texts = ['the crew was great', 'the food was cold'];
    const withOov = new Tokenizer({ oovToken: '<OOV>' });
    expect(oovIndexOf(withOov)).toBeUndefined();
    withOov.fitOnTexts(texts);
    expect(oovIndexOf(withOov)).toBe(1);
    const without = new Tokenizer();
    without.fitOnTexts(texts);
    expect(oovIndexOf(without)).toBeUndefined();
    expect(oovIndexOf(Tokenizer.fromJSON(withOov.toJSON()))).toBe(1);
  });
});
