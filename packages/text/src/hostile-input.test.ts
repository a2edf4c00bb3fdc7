/**
 * analyzeSentiment on hostile text, through the public async function: every kind of empty and
 * Unicode-whitespace-only text, every C0/C1 control character, every lone-surrogate position, and
 * 1 MB inputs of several shapes. Each gets a sensible answer (valid scores; neutral when there is
 * nothing to read) or a typed error — never a crash — and 1 MB returns within seconds, flagged
 * as truncated when it held more tokens than the model reads.
 */
import { describe, expect, it } from 'vitest';
import { analyzeSentiment, SentimentInputError, type SentimentResult } from './index.js';

const MB = 2 ** 20;

function checkValid(r: SentimentResult): void {
  const values = [r.scores.negative, r.scores.neutral, r.scores.positive];
  for (const v of values) expect(v >= 0 && v <= 1 && Number.isFinite(v)).toBe(true);
  expect(values[0] + values[1] + values[2]).toBeCloseTo(1, 6);
  expect(r.confidence).toBe(Math.max(...values));
  expect(r.confidence).toBe(r.scores[r.label]);
  expect(r.coverage >= 0 && r.coverage <= 1).toBe(true);
  expect(Number.isInteger(r.tokens) && r.tokens >= 0).toBe(true);
}

const NOTHING_TO_READ = { label: 'neutral', confidence: 1, coverage: 0, tokens: 0, truncated: false };

/** Every C0 and C1 control character, and DEL. */
const CONTROLS = [...Array.from({ length: 32 }, (_, i) => i), 0x7f, ...Array.from({ length: 32 }, (_, i) => 0x80 + i)].map((c) => String.fromCharCode(c));

describe('analyzeSentiment: empty and whitespace-only text', () => {
  it('gives neutral with nothing read, for every Unicode space and line break alone or repeated', async () => {
    const spaces = [' ', '\t', '\n', '\r', '\r\n', '\v', '\f', '\u00a0', '\u1680', '\u2000', '\u200a', '\u2028', '\u2029', '\u202f', '\u205f', '\u3000', '\ufeff'];
    const texts = ['', ...spaces, spaces.join(''), spaces.join('').repeat(500)];
    const batch = await analyzeSentiment(texts);
    for (const r of batch) {
      expect(r).toMatchObject(NOTHING_TO_READ);
      checkValid(r);
    }
    for (const t of texts.slice(0, 4)) expect(await analyzeSentiment(t)).toMatchObject(NOTHING_TO_READ);
  });
});

describe('analyzeSentiment: control characters', () => {
  it('each control character alone reads as nothing', async () => {
    for (const r of await analyzeSentiment(CONTROLS)) {
      checkValid(r);
      expect(r.label).toBe('neutral');
    }
  });

  it('control characters around and between the words of a clear text keep its label', async () => {
    const positive = 'I love this, it is wonderful!';
    const negative = 'This is terrible, I hate it. Worst experience ever.';
    for (const c of CONTROLS) {
      const [p, n] = await analyzeSentiment([`${c}${positive.replaceAll(' ', ` ${c} `)}${c}`, `${c}${negative.replaceAll(' ', ` ${c} `)}${c}`]);
      checkValid(p);
      checkValid(n);
      expect([c.charCodeAt(0), p.label]).toEqual([c.charCodeAt(0), 'positive']);
      expect([c.charCodeAt(0), n.label]).toEqual([c.charCodeAt(0), 'negative']);
    }
  });
});

describe('analyzeSentiment: invalid UTF-16', () => {
  it('lone high and low surrogates at the start, middle and end, reversed pairs and runs of them: valid answers', async () => {
    const lone = ['\ud800', '\udbff', '\udc00', '\udfff', '\ud83d', '\ude0d'];
    const texts: string[] = [];
    for (const s of lone) texts.push(s, `${s}great flight`, `great${s} flight`, `great flight${s}`, `${s}${s}${s}`);
    texts.push('\ude0d\ud83d', 'love it \ude0d\ud83d', '\ud800'.repeat(10_000), 'awful \udfff'.repeat(1_000));
    const results = await analyzeSentiment(texts);
    expect(results).toHaveLength(texts.length);
    results.forEach(checkValid);
    // A lone surrogate is read as one unknown token: nothing known, so neutral with certainty.
    for (const s of lone) expect(await analyzeSentiment(s)).toMatchObject({ label: 'neutral', confidence: 1, coverage: 0, truncated: false });
  });

  it('a lone surrogate does not take the meaning of the words next to it', async () => {
    expect((await analyzeSentiment('I love this \ud800 it is wonderful \udfff!')).label).toBe('positive');
    expect((await analyzeSentiment('\udc00This is terrible, I hate it.\ud83d Worst experience ever.')).label).toBe('negative');
  });
});

describe('analyzeSentiment: 1 MB inputs', () => {
  /** The text repeated to exactly 1 MiB of UTF-16 code units. */
  const oneMB = (unit: string) => unit.repeat(Math.ceil(MB / unit.length)).slice(0, MB);

  const cases: [string, string, (r: SentimentResult) => void][] = [
    ['many words', oneMB('the crew was rude and the food was cold. '), (r) => expect(r).toMatchObject({ truncated: true, label: 'negative' })],
    ['one 1 MB word', oneMB('a'), (r) => expect(r).toMatchObject({ truncated: false, tokens: 1 })],
    ['whitespace only', oneMB(' \n\t\u3000'), (r) => expect(r).toMatchObject(NOTHING_TO_READ)],
    ['emoji', oneMB('😍 '), (r) => expect(r.truncated).toBe(true)],
    // Each lone surrogate is an unknown token: far more than the model reads, none of them known.
    ['lone surrogates and controls', oneMB('\ud800 \u0000\u0007 \udfff '), (r) => expect(r).toMatchObject({ truncated: true, label: 'neutral', coverage: 0 })],
    ['punctuation', oneMB('!?.,;:'), (r) => checkValid(r)],
  ];

  it.each(cases)('%s: answers, and says whether it truncated', async (_name, text, check) => {
    expect(text.length).toBe(MB);
    const r = await analyzeSentiment(text);
    checkValid(r);
    check(r);
    if (r.truncated) expect(r.tokens).toBeGreaterThan(0);
  });

  it('a batch with a 1 MB text answers every element as it would alone', async () => {
    const big = oneMB('so bad, so slow. ');
    const texts = ['', big, 'I love this, it is wonderful!', '\ud800'];
    const batch = await analyzeSentiment(texts);
    expect(batch.map((r) => r.label)).toEqual(['neutral', 'negative', 'positive', 'neutral']);
    expect(batch[1].truncated).toBe(true);
    for (let i = 0; i < texts.length; i++) expect(batch[i].truncated).toBe((await analyzeSentiment(texts[i])).truncated);
  });
});

describe('analyzeSentiment: values that are not text', () => {
  it('throws SentimentInputError naming the element, for each kind of non-string', async () => {
    const bad: unknown[] = [undefined, null, 0, Number.NaN, true, Symbol('s'), 1n, {}, new String('boxed'), () => 'x', new Uint16Array([0x68, 0x69])];
    for (const value of bad) {
      await expect(analyzeSentiment(value as string)).rejects.toBeInstanceOf(SentimentInputError);
      const error = await analyzeSentiment(['fine', value as string]).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(SentimentInputError);
      expect((error as SentimentInputError).path).toBe('texts[1]');
    }
  });
});
