import { describe, expect, it } from 'vitest';
import { parseSoftTargets } from './soft-targets.js';

const row = (text: string, label: string | null, soft: number[]) => JSON.stringify({ text, label, soft });

describe('parseSoftTargets', () => {
  it('mixes gold and teacher: alpha·onehot + (1 − alpha)·soft; the teacher alone without a label', () => {
    const file1 = [row('good', 'positive', [0.1, 0.2, 0.7]), ''].join('\n');
    const file2 = row('news', null, [0.5, 0.25, 0.25]);
    const { texts, targets } = parseSoftTargets([file1, file2], 0.5);
    expect(texts).toEqual(['good', 'news']);
    // 0.5·[0, 0, 1] + 0.5·[0.1, 0.2, 0.7] = [0.05, 0.1, 0.85]; the unlabelled row is its soft row.
    expect(Array.from(targets)).toEqual(Array.from(Float32Array.from([0.05, 0.1, 0.85, 0.5, 0.25, 0.25])));
  });

  it('alpha 1 is the one-hot label and alpha 0 the teacher', () => {
    const file = row('meh', 'neutral', [0.2, 0.3, 0.5]);
    expect(Array.from(parseSoftTargets([file], 1).targets)).toEqual([0, 1, 0]);
    expect(Array.from(parseSoftTargets([file], 0).targets)).toEqual(Array.from(Float32Array.from([0.2, 0.3, 0.5])));
  });

  it('refuses malformed rows and alpha outside [0, 1], naming what is wrong', () => {
    expect(() => parseSoftTargets([row('x', 'great', [0.2, 0.3, 0.5])], 0.5)).toThrow(/row 1: needs text, a label/);
    expect(() => parseSoftTargets([row('x', null, [0.5, 0.5])], 0.5)).toThrow(/soft: \[3 probabilities\]/);
    expect(() => parseSoftTargets([JSON.stringify({ label: null, soft: [1, 0, 0] })], 0.5)).toThrow(/row 1/);
    expect(() => parseSoftTargets([row('x', null, [1, 0, 0])], 1.5)).toThrow(RangeError);
  });
});
