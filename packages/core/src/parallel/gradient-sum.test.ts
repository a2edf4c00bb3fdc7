/**
 * The pool's gradient sum: Σ shares[r]·grads[r] per weight, in shard order whatever order the
 * workers' gradients arrive in, with the check for NaN / ±Infinity fit would otherwise make in a
 * second pass over every value.
 */
import { describe, expect, it } from 'vitest';
import { GradientSum, type TouchedRows } from './gradient-sum.js';

/** Adds every gradient (weight by weight, last shard first, or in the reverse order) and finishes. */
function weightedSum(grads: Float32Array[][], shares: number[], reverse = false) {
  const sum = new GradientSum(shares, grads[0].length);
  const adds: [number, number][] = [];
  for (let k = 0; k < grads[0].length; k++) for (let r = grads.length - 1; r >= 0; r--) adds.push([r, k]);
  if (reverse) adds.reverse();
  for (const [r, k] of adds) sum.add(r, k, grads[r][k]);
  return sum.finish();
}

const f32 = (...v: number[]) => new Float32Array(v);

it('sums the shards weighted by their shares, each value rounded once to float32 per pass', () => {
  const a = [f32(1, 2, 3, 0.1, 5), f32(-1)];
  const b = [f32(4, 5, 6, 0.2, 1e-8), f32(2)];
  const c = [f32(1, 1, 1, 0.3, 1), f32(3)];
  const shares = [0.375, 0.375, 0.25];
  const expected = a.map((w, k) =>
    w.map((v, j) => {
      const two = Math.fround(v * shares[0] + b[k][j] * shares[1]);
      return Math.fround(two + c[k][j] * shares[2]);
    }),
  );
  const { sums, firstNonFinite } = weightedSum([a, b, c], shares);
  expect(sums[0]).toBe(a[0]); // written into the first shard's arrays
  expect(Array.from(sums[0])).toEqual(Array.from(expected[0]));
  expect(Array.from(sums[1])).toEqual(Array.from(expected[1]));
  expect(firstNonFinite).toBe(-1);
  const again = weightedSum([b, c, a].map((w) => w.map((v) => v.slice())), shares, true);
  expect(again.sums.map((v) => Array.from(v))).toEqual(weightedSum([b, c, a].map((w) => w.map((v) => v.slice())), shares).sums.map((v) => Array.from(v)));
});

it('refuses to finish while a worker\'s gradient is missing', () => {
  const sum = new GradientSum([0.5, 0.5], 2);
  sum.add(0, 0, f32(1));
  sum.add(1, 0, f32(2));
  sum.add(0, 1, f32(3));
  expect(() => sum.finish()).toThrow(/weight 1/);
  sum.add(1, 1, f32(5));
  expect(Array.from(sum.finish().sums[1])).toEqual([4]);
});

it('names the first weight whose sum holds a NaN or ±Infinity', () => {
  const run = (bad: number, value: number) => {
    const grads = [0, 1].map(() => [f32(1, 2), f32(3, 4, 5), f32(6)]);
    grads[1][bad][bad === 1 ? 2 : 0] = value;
    grads[1][2][0] = NaN; // a later weight is bad too: the first one is reported
    return weightedSum(grads, [0.5, 0.5]).firstNonFinite;
  };
  expect(run(0, NaN)).toBe(0);
  expect(run(1, Infinity)).toBe(1);
  expect(run(1, -Infinity)).toBe(1);
  expect(run(2, 7)).toBe(2);
});

it('catches a sum that overflows float32 only when rounded (finite in float64)', () => {
  const big = 3e38; // below float32's max (3.4e38); 3e38·1 + 3e38·0.5 is not
  expect(weightedSum([[f32(big, 1)], [f32(big, 1)]], [1, 0.5]).firstNonFinite).toBe(0);
  expect(weightedSum([[f32(big, 1)], [f32(big, 1)]], [0.5, 0.5]).firstNonFinite).toBe(-1);
});

it('leaves a single shard as it is, unchecked (fit checks it)', () => {
  const only = [f32(NaN, 1)];
  const { sums, firstNonFinite } = weightedSum([only], [1]);
  expect(sums[0]).toBe(only[0]);
  expect(firstNonFinite).toBeUndefined();
});

describe('summing only the rows the shards touched', () => {
  const ROWS = 50;
  const W = 3;
  /** Shard gradients touching `touched[r]` rows (repeats allowed), ±0 and values elsewhere in them as given. */
  function shardGrads(touched: number[][], seed: number): Float32Array[] {
    return touched.map((rows, r) => {
      const g = new Float32Array(ROWS * W);
      rows.forEach((row, i) => {
        for (let j = 0; j < W; j++) g[row * W + j] += Math.fround(Math.sin(seed + r * 31 + i * 7 + j) * 1e-3);
      });
      return g;
    });
  }
  const idsOf = (g: Float32Array) => Int32Array.from({ length: ROWS }, (_, row) => row).filter((row) => g.subarray(row * W, row * W + W).some((v) => v !== 0 || Object.is(v, -0)));
  const bitsOf = (a: Float32Array) => Array.from(new Int32Array(a.buffer, a.byteOffset, a.length));

  function both(grads: Float32Array[], shares: number[], rowsFor = (r: number, g: Float32Array) => ({ ids: idsOf(g), width: W }) as TouchedRows | undefined) {
    const dense = new GradientSum(shares, 1);
    const sparse = new GradientSum(shares, 1);
    grads.forEach((g, r) => dense.add(r, 0, g.slice()));
    [...grads.keys()].reverse().forEach((r) => sparse.add(r, 0, grads[r].slice(), rowsFor(r, grads[r])));
    return [dense.finish(), sparse.finish()];
  }

  it('gives the dense sum bit for bit: row 0, the last row, repeated ids, rows in one shard only, -0, three shards', () => {
    const grads = shardGrads([[0, 5, 5, 9, 5], [ROWS - 1, 5, 9, 9, 30], [0, 0, 12]], 1);
    grads[1][30 * W + 1] = -0; // a touched row's -0 stays a -0 sum where the dense pass makes one
    grads[0][9 * W + 2] = -grads[1][9 * W + 2]; // cancels to +0
    for (const shares of [[0.375, 0.375, 0.25], [1 / 3, 1 / 3, 1 / 3]]) {
      const [dense, sparse] = both(grads, shares);
      expect(bitsOf(sparse.sums[0])).toEqual(bitsOf(dense.sums[0]));
      expect(sparse.firstNonFinite).toBe(-1);
    }
    const [dense, sparse] = both(grads.slice(0, 2), [0.5, 0.5]);
    expect(bitsOf(sparse.sums[0])).toEqual(bitsOf(dense.sums[0]));
    expect(sparse.sums[0].some((v) => v !== 0)).toBe(true);
  });

  it('reports NaN and ±Infinity in a touched row as the dense sum does', () => {
    for (const bad of [NaN, Infinity, -Infinity]) {
      const grads = shardGrads([[3], [ROWS - 1]], 2);
      grads[1][(ROWS - 1) * W + 2] = bad;
      const [dense, sparse] = both(grads, [0.5, 0.5]);
      expect(sparse.firstNonFinite).toBe(0);
      expect(dense.firstNonFinite).toBe(0);
      expect(bitsOf(sparse.sums[0])).toEqual(bitsOf(dense.sums[0]));
    }
  });

  it('sums densely when a shard did not say which rows it touched', () => {
    const grads = shardGrads([[1], [2]], 3);
    grads[1][40 * W] = 5; // not in shard 1's reported rows below: only the dense sum sees it
    const [dense, sparse] = both(grads, [0.5, 0.5], (r, g) => (r === 0 ? { ids: idsOf(g), width: W } : undefined));
    expect(bitsOf(sparse.sums[0])).toEqual(bitsOf(dense.sums[0]));
    expect(sparse.sums[0][40 * W]).toBe(2.5);
  });
});
