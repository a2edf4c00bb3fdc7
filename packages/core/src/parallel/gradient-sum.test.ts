/**
 * The pool's gradient sum: Σ shares[r]·grads[r] per weight, in shard order whatever order the
 * workers' gradients arrive in, with the check for NaN / ±Infinity fit would otherwise make in a
 * second pass over every value.
 */
import { expect, it } from 'vitest';
import { GradientSum } from './gradient-sum.js';

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
