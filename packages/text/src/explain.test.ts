/** explain: per-token contributions by occlusion. */
import { beforeAll, describe, expect, it } from 'vitest';
import { loadSentimentAnalyzer, type SentimentAnalyzer } from './index.js';

let a: SentimentAnalyzer;
beforeAll(async () => {
  a = await loadSentimentAnalyzer();
});

describe('explain', () => {
  it('gives one contribution per token read, in order, with the tokenizer\'s words', () => {
    const r = a.analyze('The crew was AMAZING but the food was cold', { explain: true });
    expect(r.contributions!.map((c) => c.token)).toEqual(['the', 'crew', 'was', 'amazing', 'but', 'the', 'food', 'was', 'cold']);
    expect(r.contributions!.map((c) => c.position)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
    for (const c of r.contributions!) {
      expect(c.contribution).toBe(c.deltas[r.label]);
      expect(c.deltas.negative + c.deltas.neutral + c.deltas.positive).toBeCloseTo(0, 6);
    }
    expect(a.analyze('The crew was AMAZING but the food was cold').contributions).toBeUndefined();
  });

  it('removing the top-contributing token lowers the label\'s score by exactly its contribution', () => {
    for (const text of ['I absolutely love this airline, great crew', 'terrible delay and rude staff, never again']) {
      const r = a.analyze(text, { explain: true });
      const top = r.contributions!.reduce((best, c) => (c.contribution > best.contribution ? c : best));
      expect(top.contribution).toBeGreaterThan(0);
      const words = r.contributions!.map((c) => c.token);
      const without = a.analyze(words.filter((_, i) => i !== top.position).join(' '));
      expect(without.scores[r.label]).toBeLessThan(r.scores[r.label]);
      expect(r.scores[r.label] - without.scores[r.label]).toBeCloseTo(top.contribution, 5);
    }
  });

  it('a sentiment word drives its label', () => {
    const pos = a.analyze('the food was wonderful', { explain: true });
    expect(pos.label).toBe('positive');
    const top = pos.contributions!.reduce((best, c) => (c.contribution > best.contribution ? c : best));
    expect(top.token).toBe('wonderful');
  });

  it('texts without known tokens have no contributions; long texts explain only the tokens read', () => {
    expect(a.analyze('', { explain: true }).contributions).toEqual([]);
    const r = a.analyze('good '.repeat(500) + 'bad', { explain: true });
    expect(r.contributions).toHaveLength(a.maxTokens);
    expect(r.contributions![a.maxTokens - 1].token).toBe('bad');
  });
});
