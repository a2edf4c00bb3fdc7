import { describe, expect, it } from 'vitest';
import { normalizeText } from './preprocess.js';

const squash = (s: string) => normalizeText(s).trim();

describe('normalizeText', () => {
  it('maps users, URLs, emoticons and known emoji to shared tokens', () => {
    expect(squash('@united thanks :) see https://t.co/x1')).toBe('xxuser thanks xxemopos see xxurl');
    expect(squash('so sad :( </3')).toBe('so sad xxemoneg xxemoneg');
    expect(squash('love it😍👍🏽')).toBe('love it 😍 xxemopos 👍 xxemopos');
    expect(squash('meh 🤷')).toBe('meh 🤷');
  });

  it('does not read emoticons inside words or code, nor e-mail addresses as users', () => {
    expect(squash('f(:x)')).toBe('f(:x)');
    expect(squash('mail me@example.com')).toBe('mail me@example.com');
  });

  it('keeps "!" as a token, unifies apostrophes, shortens elongations, collapses whitespace', () => {
    expect(squash("I`m sooooo happy!!!\r\nreally")).toBe("I'm soo happy ! really");
    expect(squash('don’t')).toBe("don't");
  });

  it('turns C1 control characters (mis-decoded Windows-1252 punctuation) into spaces', () => {
    expect(squash('great\u0096fun \u0097 ok\u0085')).toBe('great fun ok');
  });

  it('replaces lone surrogates and keeps valid pairs', () => {
    expect(squash('a\uD800b')).toBe('a\uFFFDb');
    expect(squash('\uDC00')).toBe('\uFFFD');
    expect(squash('😀')).toBe('😀 xxemopos');
  });
});
