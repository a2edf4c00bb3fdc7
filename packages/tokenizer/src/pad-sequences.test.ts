import { describe, expect, it } from 'vitest';
import { TokenizerInputError, TokenizerValueError } from './errors.js';
import { padSequences } from './pad-sequences.js';

const seqs = [[1, 2, 3], [4, 5], [6]];

describe('padSequences', () => {
  it('defaults: pre padding, maxlen = longest, value 0, Int32Array', () => {
    const r = padSequences(seqs);
    expect(r.shape).toEqual([3, 3]);
    expect(r.dtype).toBe('int32');
    expect(r.data).toBeInstanceOf(Int32Array);
    expect([...r.data]).toEqual([1, 2, 3, 0, 4, 5, 0, 0, 6]);
  });

  it('post padding', () => {
    expect([...padSequences(seqs, { padding: 'post' }).data]).toEqual([1, 2, 3, 4, 5, 0, 6, 0, 0]);
  });

  it('truncating pre keeps the end, post keeps the start', () => {
    expect([...padSequences(seqs, { maxlen: 2 }).data]).toEqual([2, 3, 4, 5, 0, 6]);
    expect([...padSequences(seqs, { maxlen: 2, truncating: 'post' }).data]).toEqual([1, 2, 4, 5, 0, 6]);
    expect([...padSequences(seqs, { maxlen: 2, truncating: 'post', padding: 'post' }).data]).toEqual([1, 2, 4, 5, 6, 0]);
  });

  it('maxlen longer than every sequence', () => {
    const r = padSequences([[7]], { maxlen: 4 });
    expect(r.shape).toEqual([1, 4]);
    expect([...r.data]).toEqual([0, 0, 0, 7]);
  });

  it('value, cast to int32 toward zero like numpy', () => {
    expect([...padSequences([[1]], { maxlen: 3, value: -1 }).data]).toEqual([-1, -1, 1]);
    expect([...padSequences([[1.7, -2.7]], { maxlen: 4, value: -1.5 }).data]).toEqual([-1, -1, 1, -2]);
  });

  it('float dtypes', () => {
    const f = padSequences([[1, 2]], { maxlen: 4, value: 0.5, dtype: 'float32' });
    expect(f.data).toBeInstanceOf(Float32Array);
    expect([...f.data]).toEqual([0.5, 0.5, 1, 2]);
    const d = padSequences([[0.1]], { maxlen: 2, dtype: 'float64', padding: 'post' });
    expect(d.data).toBeInstanceOf(Float64Array);
    expect([...d.data]).toEqual([0.1, 0]);
  });

  it('empty sequences become rows of value; typed arrays are accepted', () => {
    expect([...padSequences([[], new Int32Array([3, 4])], { value: 9 }).data]).toEqual([9, 9, 3, 4]);
  });

  it('empty list: throws without maxlen (as Keras), shape [0, maxlen] with it', () => {
    expect(() => padSequences([])).toThrow(TokenizerValueError);
    const r = padSequences([], { maxlen: 3 });
    expect(r.shape).toEqual([0, 3]);
    expect(r.data.length).toBe(0);
  });

  it('maxlen 0 edge cases match Keras', () => {
    expect(padSequences([[], []]).shape).toEqual([2, 0]);
    expect(padSequences([[1, 2], []], { maxlen: 0, truncating: 'post' }).shape).toEqual([2, 0]);
    expect(() => padSequences([[1, 2], []], { maxlen: 0 })).toThrow(/could not broadcast sequences\[0\]/);
    expect(() => padSequences([[1, 2]], { maxlen: 0, padding: 'post' })).toThrow(TokenizerValueError);
  });

  it('rejects bad arguments with typed errors', () => {
    expect(() => padSequences([[1]], { maxlen: -1 })).toThrow(/negative dimensions/);
    expect(() => padSequences([[1]], { padding: 'mid' as 'pre' })).toThrow(/Padding type "mid" not understood/);
    expect(() => padSequences([[1]], { truncating: 'x' as 'pre' })).toThrow(/Truncating type "x"/);
    expect(() => padSequences([[1], ['a' as unknown as number]])).toThrow(TokenizerInputError);
    expect(() => padSequences([[1], ['a' as unknown as number]])).toThrow(/sequences\[1\]\[0\] is a string/);
    expect(() => padSequences([1 as unknown as number[]])).toThrow(/sequences\[0\] is a number/);
    expect(() => padSequences([[2 ** 31]])).toThrow(/does not fit dtype int32/);
    expect(() => padSequences([[1]], { value: Number.NaN })).toThrow(TokenizerValueError);
    expect(() => padSequences([[1]], { dtype: 'int8' as 'int32' })).toThrow(/Unsupported dtype/);
    expect(padSequences([[2 ** 31]], { dtype: 'float64' }).data[0]).toBe(2 ** 31);
  });
});
