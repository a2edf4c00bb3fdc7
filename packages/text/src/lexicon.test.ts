/** The lexicon scorer: hand-derived values of each rule, and the feature vector. */
import { describe, expect, it } from 'vitest';
import { lexiconFeatures, LEXICON_FEATURE_COUNT, scoreLexicon, sentimentLexicon } from './lexicon.js';

const words = (s: string) => s.split(' ');
const squash = (s: number) => s / Math.sqrt(s * s + 15);

describe('scoreLexicon', () => {
  const lex = sentimentLexicon();
  const good = lex.get('good')!;
  const bad = lex.get('bad')!;

  it('ships the VADER valences (and ±2 for the emoticon tokens)', () => {
    expect(lex.size).toBeGreaterThan(7000);
    expect(good).toBe(1.9);
    expect(bad).toBe(-2.5);
    expect(lex.get('xxemopos')).toBe(2);
    expect(lex.get('xxemoneg')).toBe(-2);
  });

  it('sums valences and squashes them: s / sqrt(s² + 15)', () => {
    expect(scoreLexicon(words('a good day')).compound).toBeCloseTo(squash(good), 6);
    expect(scoreLexicon(words('good and bad')).compound).toBeCloseTo(squash(good + bad), 6);
    expect(scoreLexicon(words('the box has a lid'))).toMatchObject({ compound: 0, positiveWords: 0, negativeWords: 0, words: 5 });
    expect(scoreLexicon([])).toMatchObject({ compound: 0, words: 0 });
  });

  it('negation within three words flips and shrinks (× -0.74), also for n\'t forms', () => {
    expect(scoreLexicon(words('not good')).compound).toBeCloseTo(squash(-0.74 * good), 6);
    expect(scoreLexicon(words("it isn't very good")).compound).toBeCloseTo(squash(-0.74 * (good + 0.293)), 6);
    expect(scoreLexicon(words('not at all bad')).compound).toBeCloseTo(squash(-0.74 * bad), 6);
    // four words away: out of scope
    expect(scoreLexicon(words('not one of the good')).compound).toBeCloseTo(squash(good), 6);
    expect(scoreLexicon(words('not good')).negations).toBe(1);
  });

  it('intensifiers add and dampeners subtract 0.293, decaying with distance', () => {
    expect(scoreLexicon(words('very good')).compound).toBeCloseTo(squash(good + 0.293), 6);
    expect(scoreLexicon(words('very very good')).compound).toBeCloseTo(squash(good + 0.293 + 0.293 * 0.95), 6);
    expect(scoreLexicon(words('slightly bad')).compound).toBeCloseTo(squash(bad + 0.293), 6);
  });

  it('"but" halves the clause before it and weighs the one after 1.5×', () => {
    expect(scoreLexicon(words('good but bad')).compound).toBeCloseTo(squash(0.5 * good + 1.5 * bad), 6);
  });

  it('"!" pushes the sum away from zero (0.292 each, at most 4), and alone does nothing', () => {
    expect(scoreLexicon(words('good ! !')).compound).toBeCloseTo(squash(good + 2 * 0.292), 6);
    expect(scoreLexicon(words('bad ! ! ! ! ! !')).compound).toBeCloseTo(squash(bad - 4 * 0.292), 6);
    expect(scoreLexicon(words('hello !'))).toMatchObject({ compound: 0, words: 1, exclamations: 1 });
  });
});

describe('lexiconFeatures', () => {
  it('has the documented layout and writes at an offset', () => {
    const f = lexiconFeatures(words("not bad , i don't hate it"));
    expect(f).toHaveLength(LEXICON_FEATURE_COUNT);
    const s = scoreLexicon(words("not bad , i don't hate it"));
    expect(Array.from(f)).toEqual(Array.from(Float32Array.from([s.compound, Math.log1p(s.positive), Math.log1p(s.negative), Math.log1p(s.positiveWords), Math.log1p(s.negativeWords), 1, Math.log1p(s.words) / 4, (s.positiveWords + s.negativeWords) / s.words])));
    expect(s.positiveWords).toBe(2); // both negated negatives turn positive
    const out = new Float32Array(2 * LEXICON_FEATURE_COUNT);
    lexiconFeatures(words('good'), out, LEXICON_FEATURE_COUNT);
    expect(Array.from(out.slice(0, LEXICON_FEATURE_COUNT)).every((v) => v === 0)).toBe(true);
    expect(out[LEXICON_FEATURE_COUNT]).toBeCloseTo(squash(1.9), 6);
  });

  it('is finite for any tokens', () => {
    for (const t of [[], [''], ['!'], Array.from({ length: 5000 }, () => 'terrible'), ['\uFFFD', '😀']]) {
      expect(Array.from(lexiconFeatures(t)).every(Number.isFinite)).toBe(true);
    }
  });
});
