import { describe, expect, it } from 'vitest';
import { confusionReport, formatReport } from './confusion.js';

describe('confusionReport', () => {
  it('counts a hand-worked example', () => {
    // actual:    cat cat cat dog dog
    // predicted: cat dog cat dog cat
    const r = confusionReport(['cat', 'dog'], [0, 0, 0, 1, 1], [0, 1, 0, 1, 0]);
    expect(r.matrix).toEqual([[2, 1], [1, 1]]);
    expect(r.accuracy).toBeCloseTo(3 / 5, 12);
    expect(r.precision[0]).toBeCloseTo(2 / 3, 12); // predicted cat: 3, of which 2 are cats
    expect(r.recall[0]).toBeCloseTo(2 / 3, 12);
    expect(r.precision[1]).toBeCloseTo(1 / 2, 12);
    expect(r.recall[1]).toBeCloseTo(1 / 2, 12);
    expect(formatReport(r)).toContain('accuracy 60.00% (3/5)');
  });

  it('reports n/a for a class never predicted', () => {
    const r = confusionReport(['cat', 'dog'], [0, 1], [0, 0]);
    expect(r.precision[1]).toBeNaN();
    expect(formatReport(r)).toContain('n/a');
  });
});
