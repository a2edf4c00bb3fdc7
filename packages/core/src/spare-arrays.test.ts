/** SpareArrays keeps arrays by length, weakly; recordGiven reports (strongly) the ones kept while it runs. */
import { describe, expect, it } from 'vitest';
import { recordGiven, SpareArrays } from './spare-arrays.js';

describe('SpareArrays', () => {
  it('hands a kept array out once, only for its length, and keeps at most perLength of a length', () => {
    const spare = new SpareArrays(8, 2);
    const [a, b, c] = [new Float32Array(10), new Float32Array(10), new Float32Array(10)];
    [a, b, c].forEach((t) => spare.give(t));
    expect(spare.take(9)).toBeUndefined();
    const got = [spare.take(10), spare.take(10)];
    expect(got.includes(a) && got.includes(b)).toBe(true);
    expect(spare.take(10)).toBeUndefined(); // c was over the limit
  });

  it('recordGiven returns the arrays kept meanwhile, not those refused; a nested call reports to the outer one too', () => {
    const spare = new SpareArrays(8, 1);
    const short = new Float32Array(4);
    const [a, b, c] = [new Float32Array(10), new Float32Array(10), new Float32Array(12)];
    const outer = recordGiven(() => {
      spare.give(short); // under minLength
      spare.give(a);
      spare.give(b); // over perLength
      const inner = recordGiven(() => {
        spare.give(c);
        return 'inner';
      });
      expect(inner.result).toBe('inner');
      expect(inner.given).toHaveLength(1);
      expect(inner.given[0]).toBe(c);
      return 'outer';
    });
    expect(outer.result).toBe('outer');
    expect(outer.given).toHaveLength(2);
    expect(outer.given[0]).toBe(a);
    expect(outer.given[1]).toBe(c);
    spare.give(new Float32Array(16)); // outside any recordGiven: recorded nowhere
    expect(outer.given).toHaveLength(2);
    expect(spare.take(12)).toBe(c);
  });
});
