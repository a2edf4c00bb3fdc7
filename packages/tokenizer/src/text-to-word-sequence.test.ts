import { describe, expect, it } from 'vitest';
import { TokenizerInputError } from './errors.js';
import { pythonLower } from './python-lower.js';
import { Tokenizer } from './tokenizer.js';
import { textToWordSequence } from './text-to-word-sequence.js';

describe('textToWordSequence', () => {
  it('lowercases, filters and splits like Keras', () => {
    expect(textToWordSequence('Hello, World!! It\'s  "fine".')).toEqual(['hello', 'world', "it's", 'fine']);
    expect(textToWordSequence('A-B', { lower: false, filters: '' })).toEqual(['A-B']);
    expect(textToWordSequence('x$y', { split: '$', filters: '' })).toEqual(['x', 'y']);
    expect(textToWordSequence('')).toEqual([]);
    expect(textToWordSequence(' \t\n ')).toEqual([]);
  });
  it('treats $ in split literally when filters are replaced', () => {
    expect(textToWordSequence('a!b', { split: '$&', filters: '!' })).toEqual(['a', 'b']);
  });
  it('rejects non-strings', () => {
    expect(() => textToWordSequence(3 as unknown as string)).toThrow(TokenizerInputError);
  });
});

describe('pythonLower (Python str.lower)', () => {
  it('applies full mappings and final sigma like Python', () => {
    expect(pythonLower('İ')).toBe('i\u0307');
    expect(pythonLower('ΟΔΟΣ')).toBe('οδος');
    expect(pythonLower('ΑΣ Α')).toBe('ας α');
    expect(pythonLower('Σ')).toBe('σ');
    expect(pythonLower('ÀÉÎ ẞ Ǆ')).toBe('àéî ß ǆ');
  });
  it('leaves letters newer than Python 3.13 Unicode unchanged', () => {
    expect(pythonLower('\uA7CBA\u{10D50}Σ')).toBe('\uA7CBa\u{10D50}σ');
  });
  it('keeps lone surrogates', () => {
    expect(pythonLower('A\ud800B\udc00')).toBe('a\ud800b\udc00');
  });
});

describe('Unicode tokenization', () => {
  const t = new Tokenizer();
  it('handles emoji, CJK, RTL and combining marks', () => {
    expect(t.tokenize('I ❤️ 日本語 テキスト 😀😀')).toEqual(['i', '❤️', '日本語', 'テキスト', '😀😀']);
    expect(t.tokenize('مرحبا بالعالم!')).toEqual(['مرحبا', 'بالعالم']);
    expect(t.tokenize('Cafe\u0301 NAI\u0308VE')).toEqual(['cafe\u0301', 'nai\u0308ve']);
    expect(t.tokenize('a\u3000b\u00a0c')).toEqual(['a\u3000b\u00a0c']); // str.split(' ') is literal
  });
  it('never throws on lone surrogates', () => {
    expect(t.tokenize('a\ud800b, \udfffc')).toEqual(['a\ud800b', '\udfffc']);
    const f = new Tokenizer();
    f.fitOnTexts(['\ud83d', '\ude00 x']);
    expect([...f.wordIndex.keys()]).toEqual(['\ud83d', '\ude00', 'x']);
  });
  it('a lone-surrogate filter only matches a lone surrogate, not half of a pair', () => {
    const f = new Tokenizer({ filters: '\ud83d' });
    expect(f.tokenize('😀 \ud83dx')).toEqual(['😀', 'x']);
  });
  it('a lone-surrogate split only matches code points, as in Python', () => {
    const f = new Tokenizer({ filters: '', split: '\ude00' });
    expect(f.tokenize('a😀b\ude00c')).toEqual(['a😀b', 'c']);
  });
  it('charLevel splits by code point, not UTF-16 unit', () => {
    const c = new Tokenizer({ charLevel: true });
    expect(c.tokenize('😀e\u0301\ud800')).toEqual(['😀', 'e', '\u0301', '\ud800']);
    expect(c.tokenize('İ')).toEqual(['i', '\u0307']);
  });
});
