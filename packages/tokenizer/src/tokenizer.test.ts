import { describe, expect, it } from 'vitest';
import { TokenizerInputError, TokenizerValueError } from './errors.js';
import { Tokenizer } from './tokenizer.js';

const entries = <K, V>(m: ReadonlyMap<K, V>) => [...m];

describe('Tokenizer defaults', () => {
  it('uses Keras defaults', () => {
    const t = new Tokenizer();
    expect(t.numWords).toBeNull();
    expect(t.filters).toBe('!"#$%&()*+,-./:;<=>?@[\\]^_`{|}~\t\n');
    expect(t.lower).toBe(true);
    expect(t.split).toBe(' ');
    expect(t.charLevel).toBe(false);
    expect(t.oovToken).toBeNull();
    expect(t.documentCount).toBe(0);
    expect(t.wordIndex.size).toBe(0);
  });
});

describe('fitOnTexts', () => {
  it('counts words, documents and builds a 1-based index ordered by count', () => {
    const t = new Tokenizer();
    t.fitOnTexts(['The cat sat.', 'The dog! the END', '']);
    expect(t.documentCount).toBe(3);
    expect(entries(t.wordCounts)).toEqual([['the', 3], ['cat', 1], ['sat', 1], ['dog', 1], ['end', 1]]);
    expect(entries(t.wordDocs)).toEqual([['the', 2], ['cat', 1], ['sat', 1], ['dog', 1], ['end', 1]]);
    expect(entries(t.wordIndex)).toEqual([['the', 1], ['cat', 2], ['sat', 3], ['dog', 4], ['end', 5]]);
    expect(entries(t.indexWord)).toEqual([[1, 'the'], [2, 'cat'], [3, 'sat'], [4, 'dog'], [5, 'end']]);
    expect(entries(t.indexDocs)).toEqual([[1, 2], [2, 1], [3, 1], [4, 1], [5, 1]]);
  });

  it('breaks count ties by first-seen order (stable descending sort)', () => {
    const t = new Tokenizer();
    t.fitOnTexts(['b a', 'a b c c']);
    expect(entries(t.wordIndex)).toEqual([['b', 1], ['a', 2], ['c', 3]]);
    const u = new Tokenizer();
    u.fitOnTexts(['x y y', 'z z z']);
    expect(entries(u.wordIndex)).toEqual([['z', 1], ['y', 2], ['x', 3]]);
  });

  it('accumulates across calls and re-sorts the whole vocabulary', () => {
    const t = new Tokenizer();
    t.fitOnTexts(['a b b']);
    expect(entries(t.wordIndex)).toEqual([['b', 1], ['a', 2]]);
    t.fitOnTexts(['a a c']);
    expect(entries(t.wordIndex)).toEqual([['a', 1], ['b', 2], ['c', 3]]);
    expect(t.documentCount).toBe(2);
    expect(entries(t.indexDocs)).toEqual([[2, 1], [1, 2], [3, 1]]);
  });

  it('keeps apostrophes, strips the default filters, splits only on the split string', () => {
    const t = new Tokenizer();
    expect(t.tokenize("Don't STOP-me\tnow\nplease\r(ok)")).toEqual(["don't", 'stop', 'me', 'now', 'please\r', 'ok']);
    expect(t.tokenize('a\u00a0b  c')).toEqual(['a\u00a0b', 'c']);
  });

  it('respects lower: false (case variants are distinct words)', () => {
    const t = new Tokenizer({ lower: false });
    t.fitOnTexts(['A a']);
    expect(entries(t.wordIndex)).toEqual([['A', 1], ['a', 2]]);
  });

  it('supports custom filters and multi-character split', () => {
    expect(new Tokenizer({ filters: '', split: ',' }).tokenize('a,b,,c d')).toEqual(['a', 'b', 'c d']);
    expect(new Tokenizer({ filters: '!', split: '--' }).tokenize('a--b!c---d')).toEqual(['a', 'b', 'c', '-d']);
  });

  it('charLevel tokenizes code points, ignores filters, lowercases first', () => {
    const t = new Tokenizer({ charLevel: true });
    t.fitOnTexts(['AbA', '!x😀']);
    expect(entries(t.wordIndex)).toEqual([['a', 1], ['b', 2], ['!', 3], ['x', 4], ['😀', 5]]);
    expect(t.textsToSequences(['ba😀?'])).toEqual([[2, 1, 5]]);
  });

  it('accepts pre-tokenized texts (arrays of tokens): lowercased, not filtered', () => {
    const t = new Tokenizer();
    t.fitOnTexts([['Hello', 'World!'], 'hello']);
    expect(entries(t.wordIndex)).toEqual([['hello', 1], ['world!', 2]]);
    expect(t.textsToSequences([['WORLD!', 'x']])).toEqual([[2]]);
  });
});

describe('oovToken and numWords', () => {
  it('puts the OOV token at index 1 and uses it for unknown words', () => {
    const t = new Tokenizer({ oovToken: '<unk>' });
    t.fitOnTexts(['a a b']);
    expect(entries(t.wordIndex)).toEqual([['<unk>', 1], ['a', 2], ['b', 3]]);
    expect(t.textsToSequences(['a c b'])).toEqual([[2, 1, 3]]);
  });

  it('drops unknown words without an OOV token', () => {
    const t = new Tokenizer();
    t.fitOnTexts(['a a b']);
    expect(t.textsToSequences(['a c b', 'zzz'])).toEqual([[1, 2], []]);
  });

  it('keeps index i only when i < numWords (the numWords-1 quirk)', () => {
    const t = new Tokenizer({ numWords: 3 });
    t.fitOnTexts(['a a a b b c']);
    expect(entries(t.wordIndex)).toEqual([['a', 1], ['b', 2], ['c', 3]]);
    expect(t.textsToSequences(['a b c d'])).toEqual([[1, 2]]);
  });

  it('replaces indices >= numWords by the OOV index', () => {
    const t = new Tokenizer({ numWords: 3, oovToken: 'OOV' });
    t.fitOnTexts(['a a a b b c']);
    expect(t.textsToSequences(['a b c d'])).toEqual([[2, 1, 1, 1]]);
    expect(t.sequencesToTexts([[2, 3, 4, 9]])).toEqual(['a OOV OOV OOV']);
  });

  it('treats numWords 0 like no limit (Python falsiness)', () => {
    const t = new Tokenizer({ numWords: 0 });
    t.fitOnTexts(['a b c']);
    expect(t.textsToSequences(['c b a'])).toEqual([[3, 2, 1]]);
  });

  it('reproduces Keras when the OOV token is also a word in the corpus', () => {
    // sorted_voc = ['a', 'a', 'b'] -> dict keeps the first position, last value.
    const t = new Tokenizer({ oovToken: 'a' });
    t.fitOnTexts(['a a b']);
    expect(entries(t.wordIndex)).toEqual([['a', 2], ['b', 3]]);
    expect(entries(t.indexWord)).toEqual([[2, 'a'], [3, 'b']]);
    expect(t.textsToSequences(['a b z'])).toEqual([[2, 3, 2]]);
  });

  it('does not lowercase the OOV token', () => {
    const t = new Tokenizer({ oovToken: 'UNK' });
    t.fitOnTexts(['UNK x']);
    expect(entries(t.wordIndex)).toEqual([['UNK', 1], ['unk', 2], ['x', 3]]);
  });
});

describe('sequencesToTexts', () => {
  it('maps indices back to words joined by one space', () => {
    const t = new Tokenizer({ split: '|', filters: '' });
    t.fitOnTexts(['x|y|y']);
    expect(t.sequencesToTexts([[1, 2, 1], [7], []])).toEqual(['y x y', '', '']);
  });
  it('uses the OOV word for unknown indices', () => {
    const t = new Tokenizer({ oovToken: '<unk>' });
    t.fitOnTexts(['a a b']);
    expect(t.sequencesToTexts([[2, 1, 3, 99, 0]])).toEqual(['a <unk> b <unk> <unk>']);
  });
});

describe('fitOnSequences', () => {
  it('counts documents per distinct index', () => {
    const t = new Tokenizer();
    t.fitOnSequences([[1, 2, 2], [2, 5], []]);
    expect(t.documentCount).toBe(3);
    expect(entries(t.indexDocs)).toEqual([[1, 1], [2, 2], [5, 1]]);
    expect(t.wordIndex.size).toBe(0);
  });
});

describe('textsToMatrix', () => {
  const fitted = (numWords?: number) => {
    const t = new Tokenizer({ numWords });
    t.fitOnTexts(['a a b', 'b c']); // a:1 b:2 c:3, docs a1 b2 c1
    return t;
  };
  const texts = ['a a b', 'c d', ''];

  it('binary / count / freq', () => {
    const t = fitted();
    expect(t.textsToMatrix(texts).shape).toEqual([3, 4]);
    expect([...t.textsToMatrix(texts, 'binary').data]).toEqual([0, 1, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0]);
    expect([...t.textsToMatrix(texts, 'count').data]).toEqual([0, 2, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0]);
    expect([...t.textsToMatrix(texts, 'freq').data]).toEqual([0, 2 / 3, 1 / 3, 0, 0, 0, 0, 1, 0, 0, 0, 0]);
  });

  it('tfidf = (1 + ln c) * ln(1 + N / (1 + df))', () => {
    const m = fitted().textsToMatrix(texts, 'tfidf');
    const want = [0, (1 + Math.log(2)) * Math.log(2), Math.log(1 + 2 / 3), 0, 0, 0, 0, Math.log(2), 0, 0, 0, 0];
    [...m.data].forEach((v, i) => expect(v).toBeCloseTo(want[i], 12));
  });

  it('uses numWords columns and ignores larger indices, which still count in freq', () => {
    const t = fitted(2);
    expect(t.textsToMatrix(texts, 'count').shape).toEqual([3, 2]);
    expect([...t.textsToMatrix(texts, 'count').data]).toEqual([0, 2, 0, 0, 0, 0]);
    const u = fitted(3);
    expect([...u.sequencesToMatrix([[1, 5, 5]], 'freq').data]).toEqual([0, 1 / 3, 0]);
  });

  it('treats negative indices like numpy (from the end)', () => {
    expect([...fitted().sequencesToMatrix([[-1]], 'binary').data]).toEqual([0, 0, 0, 1]);
    expect(() => fitted().sequencesToMatrix([[-5]])).toThrow(TokenizerValueError);
  });

  it('throws Keras errors before fitting', () => {
    expect(() => new Tokenizer().textsToMatrix(['a'])).toThrow(/Specify a dimension/);
    expect(() => new Tokenizer({ numWords: 5 }).textsToMatrix(['a'], 'tfidf')).toThrow(/tfidf/);
    expect([...new Tokenizer({ numWords: 2 }).textsToMatrix(['a'], 'count').data]).toEqual([0, 0]);
    expect(() => fitted().textsToMatrix(['a'], 'bogus' as 'binary')).toThrow(/Unknown vectorization mode/);
  });
});

describe('input validation', () => {
  it('names the offending element and type', () => {
    const t = new Tokenizer();
    const err = (() => {
      try {
        t.fitOnTexts(['ok', 42 as unknown as string]);
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(TokenizerInputError);
    expect(err).toBeInstanceOf(TypeError);
    expect((err as Error).message).toMatch(/^texts\[1\] is a number \(42\); expected a string/);
    expect((err as TokenizerInputError).path).toBe('texts[1]');
    expect(t.documentCount).toBe(0); // nothing was counted
    expect(t.wordCounts.size).toBe(0);
  });

  it('rejects null, nested non-strings, bare strings and non-iterables', () => {
    const t = new Tokenizer();
    expect(() => t.textsToSequences([null as unknown as string])).toThrow(/texts\[0\] is null/);
    expect(() => t.fitOnTexts([['a', 1 as unknown as string]])).toThrow(/texts\[0\]\[1\] is a number/);
    expect(() => t.fitOnTexts('abc' as unknown as string[])).toThrow(/Wrap a single text/);
    expect(() => t.fitOnTexts(5 as unknown as string[])).toThrow(TokenizerInputError);
    expect(() => t.sequencesToTexts([[1, '2' as unknown as number]])).toThrow(/sequences\[0\]\[1\] is a string/);
    expect(() => t.fitOnSequences([[1.5]])).toThrow(/sequences\[0\]\[0\].*expected an integer/);
  });

  it('validates options', () => {
    expect(() => new Tokenizer({ numWords: -1 })).toThrow(TokenizerValueError);
    expect(() => new Tokenizer({ numWords: 2.5 })).toThrow(TokenizerInputError);
    expect(() => new Tokenizer({ lower: 'yes' as unknown as boolean })).toThrow(/options\.lower/);
    expect(() => new Tokenizer({ filters: 3 as unknown as string })).toThrow(/options\.filters/);
    expect(() => new Tokenizer({ oovToken: 1 as unknown as string })).toThrow(/options\.oovToken/);
  });

  it("raises Python's empty-separator error for split '' (but not at char level)", () => {
    expect(() => new Tokenizer({ split: '' }).fitOnTexts(['a b'])).toThrow(/empty separator/);
    const c = new Tokenizer({ split: '', charLevel: true });
    c.fitOnTexts(['ab']);
    expect(c.wordIndex.size).toBe(2);
  });

  it('refuses to emit a missing OOV index (Keras would emit None)', () => {
    const t = new Tokenizer({ oovToken: '<unk>' });
    expect(t.textsToSequences([''])).toEqual([[]]);
    expect(() => t.textsToSequences(['x'])).toThrow(/not in wordIndex/);
  });
});

describe('Tokenizer.fromWordList', () => {
  it("gives a fitted tokenizer's ids and sequences, with the counts a count-free Keras JSON gives", () => {
    const fitted = new Tokenizer({ oovToken: '<OOV>', numWords: 5 });
    fitted.fitOnTexts(['the cat sat on the mat', 'the dog ate my homework', "don't stop"]);
    const listed = Tokenizer.fromWordList([...fitted.wordIndex.keys()], { oovToken: '<OOV>', numWords: 5, documentCount: 3 });
    const texts = ['the cat ate the unknown word', '', "DON'T stop the dog"];
    expect(listed.textsToSequences(texts)).toEqual(fitted.textsToSequences(texts));
    expect(entries(listed.wordIndex)).toEqual(entries(fitted.wordIndex));
    expect(entries(listed.indexWord)).toEqual(entries(fitted.indexWord));
    const keras = JSON.parse(fitted.toJSON());
    keras.config = { ...keras.config, word_counts: '{}', word_docs: '{}', index_docs: '{}' };
    expect(listed.toJSON()).toBe(Tokenizer.fromJSON(JSON.stringify(keras)).toJSON());
  });

  it('refuses a non-array, a non-string word and a repeated word', () => {
    expect(() => Tokenizer.fromWordList('cat dog' as never)).toThrow(TokenizerInputError);
    expect(() => Tokenizer.fromWordList(['cat', 7 as never])).toThrow(TokenizerInputError);
    expect(() => Tokenizer.fromWordList(['cat', 'dog', 'cat'])).toThrow(/words\[2\] is "cat", which is already in the list/);
    expect(() => Tokenizer.fromWordList(['cat', 'dog', 'cat'])).toThrow(TokenizerValueError);
  });
});
