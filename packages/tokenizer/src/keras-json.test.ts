import { describe, expect, it } from 'vitest';
import { TokenizerValueError } from './errors.js';
import { Tokenizer } from './tokenizer.js';

// Hand-written from keras_preprocessing's get_config()/to_json(): the five
// dictionaries are json.dumps()-ed strings inside config.
const HI_HI_YO =
  '{"class_name": "Tokenizer", "config": {"num_words": null, ' +
  '"filters": "!\\"#$%&()*+,-./:;<=>?@[\\\\]^_`{|}~\\t\\n", "lower": true, "split": " ", ' +
  '"char_level": false, "oov_token": null, "document_count": 1, ' +
  '"word_counts": "{\\"hi\\": 2, \\"yo\\": 1}", "word_docs": "{\\"hi\\": 1, \\"yo\\": 1}", ' +
  '"index_docs": "{\\"1\\": 1, \\"2\\": 1}", "index_word": "{\\"1\\": \\"hi\\", \\"2\\": \\"yo\\"}", ' +
  '"word_index": "{\\"hi\\": 1, \\"yo\\": 2}"}}';

describe('toJSON', () => {
  it('writes exactly what Keras to_json() writes', () => {
    const t = new Tokenizer();
    t.fitOnTexts(['Hi hi yo']);
    expect(t.toJSON()).toBe(HI_HI_YO);
  });

  it('stores options as given, including numWords and the OOV token', () => {
    const t = new Tokenizer({ numWords: 0, oovToken: '<OOV>', charLevel: true, lower: false, split: '\t', filters: '' });
    const config = JSON.parse(t.toJSON()).config;
    expect(config).toMatchObject({ num_words: 0, oov_token: '<OOV>', char_level: true, lower: false, split: '\t', filters: '' });
    expect(config.word_index).toBe('{}');
    expect(config.document_count).toBe(0);
  });

  it('escapes non-ASCII like Python ensure_ascii, twice nested', () => {
    const t = new Tokenizer();
    t.fitOnTexts(['café 😀']);
    const json = t.toJSON();
    expect(json).toContain('"word_counts": "{\\"caf\\\\u00e9\\": 1, \\"\\\\ud83d\\\\ude00\\": 1}"');
    expect(/^[\x20-\x7e]*$/.test(json)).toBe(true);
  });

  it('keeps integer-like words in index order (JSON.parse would reorder them)', () => {
    const t = new Tokenizer();
    t.fitOnTexts(['10 2 2 1']);
    expect(t.toJSON()).toContain('"word_index": "{\\"2\\": 1, \\"10\\": 2, \\"1\\": 3}"');
    const back = Tokenizer.fromJSON(t.toJSON());
    expect([...back.wordIndex]).toEqual([['2', 1], ['10', 2], ['1', 3]]);
  });
});

describe('fromJSON', () => {
  it('reads Keras JSON (word_docs in any order) and converts integer keys', () => {
    const keras = HI_HI_YO.replace('"{\\"hi\\": 1, \\"yo\\": 1}"', '"{\\"yo\\": 1, \\"hi\\": 1}"');
    const t = Tokenizer.fromJSON(keras);
    expect(t.documentCount).toBe(1);
    expect([...t.wordDocs]).toEqual([['yo', 1], ['hi', 1]]);
    expect([...t.indexWord]).toEqual([[1, 'hi'], [2, 'yo']]);
    expect([...t.indexDocs]).toEqual([[1, 1], [2, 1]]);
    expect(t.textsToSequences(['yo HI'])).toEqual([[2, 1]]);
    expect(t.toJSON()).toBe(keras); // lossless, byte for byte
  });

  it('round trips every option and the full state', () => {
    const t = new Tokenizer({ numWords: 4, oovToken: '<u>', filters: '!"\\\t', split: '/', lower: false });
    t.fitOnTexts(['A/b/b!c', 'd\te/"q"', ['Tok', 'en']]);
    t.fitOnSequences([[1, 9]]);
    const back = Tokenizer.fromJSON(t.toJSON());
    expect(back.toJSON()).toBe(t.toJSON());
    expect([back.numWords, back.oovToken, back.filters, back.split, back.lower]).toEqual([4, '<u>', '!"\\\t', '/', false]);
    expect(back.textsToSequences(['b/c/zz'])).toEqual(t.textsToSequences(['b/c/zz']));
    expect([...back.indexDocs]).toEqual([...t.indexDocs]);
  });

  it('rejects malformed JSON with a TokenizerValueError', () => {
    expect(() => Tokenizer.fromJSON('{')).toThrow(TokenizerValueError);
    expect(() => Tokenizer.fromJSON('{"config": {}}')).toThrow(/missing "word_counts"/);
    expect(() => Tokenizer.fromJSON(HI_HI_YO.replace('"lower": true', '"lowr": true'))).toThrow(/unrecognized config key "lowr"/);
    expect(() => Tokenizer.fromJSON(HI_HI_YO.replace('"lower": true', '"lower": 1'))).toThrow(/config.lower must be a boolean/);
    expect(() => Tokenizer.fromJSON(HI_HI_YO.replace('{\\"1\\": 1, \\"2\\"', '{\\"x\\": 1, \\"2\\"'))).toThrow(/not an integer/);
  });
});
