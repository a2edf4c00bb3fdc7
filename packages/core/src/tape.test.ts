import { beforeAll, describe, expect, it } from 'vitest';
import { GradientError } from './errors.js';
import { add, exp, matmul, mul, relu, reshape, sum } from './ops/index.js';
import { embeddingLookup } from './ops/gather.js';
import { lstm } from './ops/lstm.js';
import { grad, gradientArray, grads, noGrad, record, releaseGradientArrays, releaseGradients, valueAndGrads } from './tape.js';
import { tensor, type Tensor } from './tensor.js';
import { setupBackends } from './testing/oracle.js';
import { Variable } from './variable.js';

beforeAll(setupBackends);

describe('tape', () => {
  it('computes hand-derived gradients, accumulating over reuse', () => {
    const x = tensor([1, 2, 3]);
    // f = Σ x·x + x → df/dx = 2x + 1
    const g = grad((t) => sum(add(mul(t, t), t)))(x);
    expect([...g.data]).toEqual([3, 5, 7]);
  });
  it('differentiates w.r.t. variables through matmul, unused sources get zeros', () => {
    const w = new Variable(tensor([[1, 2], [3, 4]]));
    const unused = new Variable(tensor([5]));
    const x = tensor([[1, 1]]);
    const { value, grads: [gw, gu] } = valueAndGrads(() => sum(matmul(x, w)), [w, unused]);
    expect(value.data[0]).toBe(10);
    expect([...gw.data]).toEqual([1, 1, 1, 1]);
    expect([...gu.data]).toEqual([0]);
  });
  it('respects an explicit upstream gradient and records nothing in noGrad', () => {
    const x = tensor([0, 1]);
    const [g] = valueAndGrads(() => exp(x), [x], tensor([2, 3])).grads;
    expect(g.data[0]).toBeCloseTo(2, 6);
    expect(g.data[1]).toBeCloseTo(3 * Math.E, 5);
    const [z] = grads(() => noGrad(() => exp(x)), [x]);
    expect([...z.data]).toEqual([0, 0]);
    expect(() => noGrad(() => valueAndGrads(() => x, [x]))).toThrow(GradientError);
  });
  it('reports each source\'s gradient once it is final, in backward order; a taken one comes back as zeros', () => {
    const a = tensor([1, 2, 3]);
    const [w1, w2, w3, unused] = [[0.5, -1, 2], [3, 4, 5], [1, 1, 1], [7]].map((v) => new Variable(tensor(v)));
    // f = Σ (a·w1 + w2)·w1 + Σ w3 → df/dw1 = 2a·w1 + w2 (w1 used twice: final only after its first use), df/dw2 = w1, df/dw3 = 1
    const f = () => add(sum(mul(add(mul(a, w1), w2), w1)), sum(w3));
    for (const take of [false, true]) {
      const seen: [number, number[]][] = [];
      const { grads: g } = valueAndGrads(f, [w1, w2, w3, unused], undefined, (i, values) => {
        seen.push([i, [...values]]);
        return take && i === 1;
      });
      expect(seen).toEqual([[2, [1, 1, 1]], [1, [0.5, -1, 2]], [0, [4, 0, 17]]]);
      expect([...g[0].data]).toEqual([4, 0, 17]);
      expect([...g[1].data]).toEqual(take ? [0, 0, 0] : [0.5, -1, 2]);
      expect([...g[3].data]).toEqual([0]);
    }
    // Listed twice: only returned (both entries), never reported or taken.
    const seen: number[] = [];
    const { grads: twice } = valueAndGrads(f, [w2, w3, w2], undefined, (i) => (seen.push(i), true));
    expect(seen).toEqual([1]);
    expect([...twice[0].data]).toEqual([0.5, -1, 2]);
    expect([...twice[2].data]).toEqual([0.5, -1, 2]);
  });
});

describe('tape gradient ownership', () => {
  it('passes `needs` to backward functions and skips unneeded work', () => {
    const x = tensor([1, 2]);
    const c = tensor([3, 4]);
    const seen: boolean[][] = [];
    const op = (a: Tensor, b: Tensor) => record(mul(a, b), [a, b], (dy, needs) => {
      seen.push([...needs]);
      return [needs[0] ? mul(dy, b) : null, needs[1] ? mul(dy, a) : null];
    });
    const [g] = grads(() => sum(op(x, c)), [x]);
    expect([...g.data]).toEqual([3, 4]);
    expect(seen).toEqual([[true, false]]);
  });
  it('never accumulates into an array a custom backward returns (it may be kept elsewhere)', () => {
    const x = tensor([1, 2, 3]);
    const constant = tensor([10, 20, 30]);
    const op = (a: Tensor) => record(mul(a, 1), [a], () => [constant]);
    const [g] = grads(() => add(sum(op(x)), sum(op(x))), [x]);
    expect([...g.data]).toEqual([20, 40, 60]);
    expect([...constant.data]).toEqual([10, 20, 30]);
  });
  it('accumulates correctly when gradient arrays are taken over (fresh, passed-through dy, reused input)', () => {
    const x = tensor([-1, 2, -3, 4], [2, 2]);
    // relu's gradient array is fresh, reshape passes dy on, mul(t, t) returns two for one input.
    const f = (t: Tensor) => add(add(sum(relu(t)), sum(reshape(t, [4]))), sum(mul(reshape(t, [4]), reshape(t, [4]))));
    const [g] = grads(() => f(x), [x]);
    // d/dt: (t > 0) + 1 + 2t
    expect([...g.data]).toEqual([-1, 6, -5, 10]);
  });
});

describe('tape gradient array reuse', () => {
  it('reuses released arrays without corrupting gradients still held', () => {
    const n = 70000; // large enough for the spare pool
    const x = tensor(Float32Array.from({ length: n }, (_, i) => (i % 3) - 1));
    const f = (k: number) => (t: Tensor) => sum(mul(relu(t), k));
    const want = (k: number) => Array.from(x.data, (v) => (v > 0 ? k : 0));
    const held = grads(() => f(2)(x), [x])[0];
    const released = grads(() => f(3)(x), [x]);
    releaseGradients(released);
    for (const k of [5, 7]) {
      const g = grads(() => f(k)(x), [x])[0];
      expect(Array.from(g.data)).toEqual(want(k));
      releaseGradients([g]);
    }
    expect(Array.from(held.data)).toEqual(want(2));
  });
  it('writes the next gradient into an array handed back with releaseGradientArrays, whatever it held', () => {
    const n = 70001; // a length no other test releases arrays of
    const x = tensor(Float32Array.from({ length: n }, (_, i) => (i % 3) - 1));
    const spent = new Float32Array(n).fill(Number.NaN); // e.g. weight values already copied into their Variables
    releaseGradientArrays([spent]);
    const g = grads(() => sum(mul(relu(x), 4)), [x])[0];
    expect(g.data).toBe(spent);
    expect(Array.from(g.data)).toEqual(Array.from(x.data, (v) => (v > 0 ? 4 : 0)));
  });
});

describe('gradient array reuse', () => {
  it('the LSTM and embedding backward passes hand their dy back, so the next step reuses it instead of a new array', () => {
    // ids [2, 4096] → embedding (dim 8) → LSTM(8, returnSequences) → LSTM(8): both LSTMs' inputs
    // have 2·4096·8 = 65,536 values, the least the spares keep. The second LSTM's dx is the first
    // one's dy, and the first one's dx the embedding's dy: both are given back after use.
    const [batch, steps, dim] = [2, 4096, 8];
    const n = batch * steps * dim;
    const ids = tensor(Int32Array.from({ length: batch * steps }, (_, i) => (i * 7) % 50), [batch, steps], 'int32');
    const weight = (shape: number[], seed: number) => new Variable(tensor(Float32Array.from({ length: shape.reduce((a, b) => a * b) }, (_, i) => Math.sin(seed + i) * 0.3), shape));
    const table = weight([50, dim], 1);
    const first = [weight([dim, 4 * dim], 2), weight([dim, 4 * dim], 3), weight([4 * dim], 4)] as const;
    const second = [weight([dim, 4 * dim], 5), weight([dim, 4 * dim], 6), weight([4 * dim], 7)] as const;
    const f = () => sum(lstm(lstm(embeddingLookup(table, ids), ...first, { returnSequences: true }), ...second, { returnSequences: false }));
    valueAndGrads(f, [table, ...first, ...second]);
    // Two spares of that length, holding the two dys (gradient values, not a new array's zeros).
    const reused = [gradientArray(n), gradientArray(n)];
    expect(reused.every((a) => a.some((v) => v !== 0))).toBe(true);
    expect(gradientArray(n).every((v) => v === 0)).toBe(true); // the third is new
  });
});
