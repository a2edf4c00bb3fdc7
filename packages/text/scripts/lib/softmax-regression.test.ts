import { describe, expect, it } from 'vitest';
import { fitSoftmax, type SoftmaxRow } from './softmax-regression.js';

const probabilities = (z: number[]) => {
  const e = z.map(Math.exp);
  return e.map((v) => v / (e[0] + e[1] + e[2]));
};

describe('fitSoftmax', () => {
  it('recovers the class frequencies with a bias-only model (softmax(b) = 1/4, 1/2, 1/4)', () => {
    const rows: SoftmaxRow[] = [0, 1, 1, 2].map((y) => ({ x: [], y, w: 1, binary: false }));
    const p = probabilities(fitSoftmax(rows, 0, 0, 2000, 0.05).bias);
    expect(p[0]).toBeCloseTo(0.25, 2);
    expect(p[1]).toBeCloseTo(0.5, 2);
    expect(p[2]).toBeCloseTo(0.25, 2);
  });

  it('binary rows say nothing about neutral: they only split negative from positive (1 : 3)', () => {
    const rows: SoftmaxRow[] = [0, 2, 2, 2].map((y) => ({ x: [], y, w: 1, binary: true }));
    const p = probabilities(fitSoftmax(rows, 0, 0, 2000, 0.05).bias);
    expect(p[2] / (p[0] + p[2])).toBeCloseTo(0.75, 2);
    // The neutral logit gets no gradient and the other two move symmetrically from 0:
    // b = (−ln 3 / 2, 0, ln 3 / 2), so p(neutral) = 1 / (1 + √3 + 1/√3) ≈ 0.302, not → 0.
    expect(p[1]).toBeCloseTo(1 / (1 + Math.sqrt(3) + 1 / Math.sqrt(3)), 2);
  });
});
