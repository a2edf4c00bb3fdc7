import { describe, expect, it } from 'vitest';
import { DTypeError, ShapeError } from './errors.js';
import { Tensor, tensor, zeros } from './tensor.js';
import { Variable } from './variable.js';
import { Random, setSeed, globalRng } from './random.js';

describe('Tensor', () => {
  it('builds from nested arrays, flat arrays with a shape, and typed arrays', () => {
    const t = tensor([[1, 2, 3], [4, 5, 6]]);
    expect(t.shape).toEqual([2, 3]);
    expect(t.dtype).toBe('float32');
    expect(t.arraySync()).toEqual([[1, 2, 3], [4, 5, 6]]);
    expect(tensor([1, 2, 3, 4], [2, 2]).arraySync()).toEqual([[1, 2], [3, 4]]);
    expect(tensor(new Int32Array([1, 2])).dtype).toBe('int32');
    expect(tensor(7).shape).toEqual([]);
  });
  it('rejects ragged arrays, size mismatches and fractional int32 values with typed errors', () => {
    expect(() => tensor([[1, 2], [3]])).toThrow(ShapeError);
    expect(() => tensor([1, 2, 3], [2, 2])).toThrow(ShapeError);
    expect(() => tensor([1.5], undefined, 'int32')).toThrow(DTypeError);
    expect(() => new Tensor(new Float32Array(3), [2])).toThrow(ShapeError);
  });
  it('Variable assigns in place and checks shapes', () => {
    const v = new Variable(zeros([2, 2]), { name: 'w' });
    v.assign(tensor([[1, 2], [3, 4]]));
    expect([...v.data]).toEqual([1, 2, 3, 4]);
    expect(() => v.assign(tensor([1, 2, 3, 4]))).toThrow(/'w'.*\[4\].*\[2, 2\]/);
  });
});

describe('Random', () => {
  it('is deterministic per seed, uniform in [0,1), normal with the right moments', () => {
    const a = new Random(42);
    const b = new Random(42);
    const xs = Array.from({ length: 20000 }, () => a.next());
    expect(Array.from({ length: 20000 }, () => b.next())).toEqual(xs);
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...xs)).toBeLessThan(1);
    const n = Array.from({ length: 20000 }, () => a.normal());
    const mean = n.reduce((s, v) => s + v, 0) / n.length;
    const variance = n.reduce((s, v) => s + (v - mean) ** 2, 0) / n.length;
    expect(Math.abs(mean)).toBeLessThan(0.03);
    expect(Math.abs(variance - 1)).toBeLessThan(0.05);
    expect(new Random(43).next()).not.toBe(new Random(42).next());
  });
  it('setSeed resets the global stream', () => {
    setSeed(7);
    const first = globalRng().next();
    setSeed(7);
    expect(globalRng().next()).toBe(first);
  });
});
