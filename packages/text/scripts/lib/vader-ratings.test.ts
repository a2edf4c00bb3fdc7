import { describe, expect, it } from 'vitest';
import { duplicateKey, labelOfRating, parseRatings, splitRatings } from './vader-ratings.js';

describe('vader ratings', () => {
  it('parses ID, rating and text, with CRLF line ends and the document taken from the ID', () => {
    const rows = parseRatings('1_1\t0.4\tOn Dec. 19, a race.\r\n1_2\t-1.15\tNo picture of health.\r\n\r\n7\t2.7\tSo lucky.\r\n', 'x');
    expect(rows).toEqual([
      { document: '1', rating: 0.4, text: 'On Dec. 19, a race.' },
      { document: '1', rating: -1.15, text: 'No picture of health.' },
      { document: '7', rating: 2.7, text: 'So lucky.' },
    ]);
  });

  it('refuses a line without a rating in −4..4, naming the line', () => {
    expect(() => parseRatings('1_1\t0.4\tfine\n1_2\tgood\ttext\n', 'f.txt')).toThrow(/f\.txt:2/);
    expect(() => parseRatings('1_1\t4.5\ttext\n', 'f.txt')).toThrow(/f\.txt:1/);
  });

  it('labels by the threshold, inclusive at both ends', () => {
    expect([labelOfRating(0.5, 0.5), labelOfRating(0.49, 0.5), labelOfRating(-0.5, 0.5), labelOfRating(-0.49, 0.5)]).toEqual(['positive', 'neutral', 'negative', 'neutral']);
  });

  it('keeps each document in one split, drops excluded texts and is the same for the same seed', () => {
    const sentences = Array.from({ length: 200 }, (_, i) => ({ document: String(i % 40), rating: (i % 9) - 4, text: `Sentence ${i}.` }));
    const exclude = new Set([duplicateKey('SENTENCE   3')]);
    const options = { threshold: 0.5, seed: 1, valShare: 0.1, testShare: 0.1, exclude };
    const a = splitRatings(sentences, 'news', options);
    expect(a.duplicates).toBe(1);
    expect(a.train.length + a.val.length + a.test.length).toBe(199);
    const docsOf = (ex: { text: string }[]) => new Set(ex.map((e) => String(Number(e.text.split(' ')[1].replace('.', '')) % 40)));
    const [tr, va, te] = [docsOf(a.train), docsOf(a.val), docsOf(a.test)];
    expect([va.size, te.size, tr.size]).toEqual([4, 4, 32]);
    for (const d of va) expect(tr.has(d) || te.has(d)).toBe(false);
    for (const d of te) expect(tr.has(d)).toBe(false);
    expect(a.train.every((e) => e.domain === 'news')).toBe(true);
    expect(splitRatings(sentences, 'news', options)).toEqual(a);
    expect(splitRatings(sentences, 'news', { ...options, seed: 2 }).val).not.toEqual(a.val);
  });
});
