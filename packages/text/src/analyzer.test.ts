/** The shipped analyser: determinism, batching, score invariants, edge inputs and typed errors. */
import { beforeAll, describe, expect, it } from 'vitest';
import { analyzeSentiment, loadSentimentAnalyzer, SentimentInputError, type SentimentAnalyzer, type SentimentResult } from './index.js';

let a: SentimentAnalyzer;
beforeAll(async () => {
  a = await loadSentimentAnalyzer();
});

const SAMPLES = [
  'I love this, it is wonderful!',
  'Worst customer service ever. Never flying with you again :(',
  'The flight departs at 5pm from gate 12.',
  '@united thanks for the upgrade, the crew was amazing 😍',
  'meh',
  'This movie was not good at all.',
];

function checkInvariants(r: SentimentResult): void {
  const sum = r.scores.negative + r.scores.neutral + r.scores.positive;
  expect(sum).toBeCloseTo(1, 6);
  for (const v of Object.values(r.scores)) expect(v).toBeGreaterThanOrEqual(0);
  expect(r.confidence).toBe(r.scores[r.label]);
  expect(r.confidence).toBe(Math.max(r.scores.negative, r.scores.neutral, r.scores.positive));
}

describe('shipped sentiment analyser', () => {
  it('loads from the bundle and gives identical results on every load', async () => {
    const b = await loadSentimentAnalyzer();
    expect(b.analyze(SAMPLES)).toEqual(a.analyze(SAMPLES));
    expect(await analyzeSentiment(SAMPLES[0])).toEqual(a.analyze(SAMPLES[0]));
  });

  it('scores sum to 1, label is the argmax, confidence its score', () => {
    for (const r of a.analyze(SAMPLES)) checkInvariants(r);
  });

  // Equal up to float32 rounding: the kernels' matrix products group rows differently per batch size.
  it('a batch of N equals N single calls, whatever the internal batch size', () => {
    const batched = a.analyze(SAMPLES, { batchSize: 4 });
    expect(batched).toHaveLength(SAMPLES.length);
    SAMPLES.forEach((t, i) => {
      const single = a.analyze(t);
      expect({ ...batched[i], scores: undefined, confidence: undefined }).toEqual({ ...single, scores: undefined, confidence: undefined });
      for (const l of ['negative', 'neutral', 'positive'] as const) expect(Math.abs(batched[i].scores[l] - single.scores[l])).toBeLessThan(1e-6);
    });
    expect(a.analyze([])).toEqual([]);
  });

  it('gets clear cases right', () => {
    expect(a.analyze('I love this, it is wonderful!').label).toBe('positive');
    expect(a.analyze('This is terrible, I hate it. Worst experience ever.').label).toBe('negative');
    expect(a.analyze('What a great day, thank you so much!').label).toBe('positive');
    expect(a.analyze('My flight was cancelled and nobody helped me').label).toBe('negative');
  });

  it('empty, whitespace-only, emoji-only and foreign-script text: neutral with zero coverage, no crash', () => {
    for (const t of ['', '   \n\t ', '🤷🏽‍♂️🤷', '这部电影', '\u200b']) {
      const r = a.analyze(t);
      expect(r).toMatchObject({ label: 'neutral', confidence: 1, coverage: 0, truncated: false });
      checkInvariants(r);
    }
  });

  it('known emoji and emoticons carry sentiment', () => {
    expect(a.analyze('😍').coverage).toBeGreaterThan(0);
    expect(a.analyze('😍').label).toBe('positive');
    expect(a.analyze('😡').label).toBe('negative');
    // A lone smiley is read as mostly neutral (see the model card), but it moves the scores the right way.
    const smile = a.analyze('the flight :)');
    const frown = a.analyze('the flight :(');
    expect(smile.scores.positive).toBeGreaterThan(frown.scores.positive);
    expect(frown.scores.negative).toBeGreaterThan(smile.scores.negative);
  });

  it('truncates a 1 MB text as in training (keeps the last tokens) and says so', () => {
    const long = 'the service was awful and slow. '.repeat(32_768);
    expect(long.length).toBeGreaterThanOrEqual(2 ** 20);
    const r = a.analyze(long);
    expect(r.truncated).toBe(true);
    expect(r.tokens).toBe(a.maxTokens);
    checkInvariants(r);
    // Only the end matters with 'pre' truncation: a different beginning gives the same result.
    expect(a.analyze('wonderful! '.repeat(1000) + long)).toEqual(r);
  });

  it('lone surrogates and control characters do not crash', () => {
    for (const t of ['\uD800 great', 'good \uDFFF', 'bad\u0000\u0007 day', '\uFFFF\uFFFE']) checkInvariants(a.analyze(t));
  });

  it('non-string input: typed error naming the element', () => {
    expect(() => a.analyze(['ok', 'fine', 42 as unknown as string])).toThrow(SentimentInputError);
    expect(() => a.analyze(['ok', 'fine', 42 as unknown as string])).toThrow(/texts\[2\] is a number \(42\)/);
    try {
      a.analyze([null as unknown as string]);
    } catch (e) {
      expect((e as SentimentInputError).path).toBe('texts[0]');
    }
    expect(() => a.analyze(undefined as unknown as string)).toThrow(SentimentInputError);
    expect(() => a.analyze({ text: 'hi' } as unknown as string)).toThrow(/expected a string or an array of strings/);
    expect(() => a.analyze('hi', { batchSize: 0 })).toThrow(SentimentInputError);
    return expect(analyzeSentiment(7 as unknown as string)).rejects.toThrow(SentimentInputError);
  });
});
