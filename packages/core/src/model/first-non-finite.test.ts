import { describe, expect, it } from 'vitest';
import { Tensor } from '../tensor.js';
import { firstNonFinite } from './first-non-finite.js';

const t = (values: number[]) => new Tensor(Float32Array.from(values), [values.length]);

describe('firstNonFinite', () => {
  it('is -1 when every element is finite, even sums a float32 could not hold', () => {
    expect(firstNonFinite([t([1, -2, 3]), t(new Array(9).fill(3e38)), t([])])).toBe(-1);
  });

  it('finds NaN or ±Infinity in any of the four partial sums and in the tail', () => {
    for (let at = 0; at < 7; at++) {
      for (const bad of [NaN, Infinity, -Infinity]) {
        const values = [0.5, -1, 2, 3, -4, 5, 6];
        values[at] = bad;
        expect(firstNonFinite([t([1, 2]), t(values)])).toBe(1);
      }
    }
  });

  it('catches +Infinity and -Infinity that fall into different partial sums', () => {
    expect(firstNonFinite([t([Infinity, -Infinity, 0, 0])])).toBe(0);
    expect(firstNonFinite([t([Infinity, 0, 0, 0, -Infinity])])).toBe(0);
  });

  it('names the first bad gradient, not a later one', () => {
    expect(firstNonFinite([t([1]), t([NaN]), t([Infinity])])).toBe(1);
  });
});
