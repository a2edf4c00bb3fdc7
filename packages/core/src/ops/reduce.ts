/** Differentiable reductions: sum, mean, max (over axes, optionally keeping them). */
import { ValueError } from '../errors.js';
import { record } from '../tape.js';
import { Tensor, sizeOf } from '../tensor.js';

interface Plan {
  outShape: number[];
  keptShape: number[];
  /** For each input flat index, the output flat index it reduces into. */
  target: Int32Array;
  count: number;
}

function plan(x: Tensor, axis: number | readonly number[] | undefined, keepDims: boolean, op: string): Plan {
  const axes = axis === undefined ? x.shape.map((_, i) => i) : (typeof axis === 'number' ? [axis] : [...axis]);
  const set = new Set(axes.map((a) => {
    const n = a < 0 ? a + x.rank : a;
    if (!Number.isInteger(n) || n < 0 || n >= x.rank) throw new ValueError(`${op}: axis ${a} is out of range for rank ${x.rank}.`);
    return n;
  }));
  const keptShape = x.shape.map((d, i) => (set.has(i) ? 1 : d));
  const outShape = keepDims ? keptShape : x.shape.filter((_, i) => !set.has(i));
  const target = new Int32Array(x.size);
  const outStrides = new Array<number>(x.rank).fill(0);
  let s = 1;
  for (let i = x.rank - 1; i >= 0; i--) {
    outStrides[i] = set.has(i) ? 0 : s;
    s *= keptShape[i];
  }
  const counter = new Array<number>(x.rank).fill(0);
  let dst = 0;
  for (let i = 0; i < x.size; i++) {
    target[i] = dst;
    for (let ax = x.rank - 1; ax >= 0; ax--) {
      counter[ax]++;
      dst += outStrides[ax];
      if (counter[ax] < x.shape[ax]) break;
      dst -= outStrides[ax] * counter[ax];
      counter[ax] = 0;
    }
  }
  const count = [...set].reduce((p, a) => p * x.shape[a], 1);
  return { outShape, keptShape, target, count };
}

function sumWithScale(x: Tensor, axis: number | readonly number[] | undefined, keepDims: boolean, op: string, mean: boolean): Tensor {
  const p = plan(x, axis, keepDims, op);
  if (mean && p.count === 0) throw new ValueError(`${op}: cannot average over an empty axis.`);
  const factor = mean ? 1 / p.count : 1;
  const acc = new Float64Array(sizeOf(p.outShape));
  for (let i = 0; i < x.size; i++) acc[p.target[i]] += x.data[i];
  const out = Float32Array.from(acc, (v) => v * factor);
  return record(new Tensor(out, p.outShape), [x], (dy) => {
    const g = new Float32Array(x.size);
    for (let i = 0; i < x.size; i++) g[i] = dy.data[p.target[i]] * factor;
    return [new Tensor(g, x.shape)];
  });
}

/** Sum over `axis` (default: all axes), accumulated in float64. */
export function sum(x: Tensor, axis?: number | readonly number[], keepDims = false): Tensor {
  return sumWithScale(x, axis, keepDims, 'sum', false);
}

/** Mean over `axis` (default: all axes). */
export function mean(x: Tensor, axis?: number | readonly number[], keepDims = false): Tensor {
  return sumWithScale(x, axis, keepDims, 'mean', true);
}

/** Max over `axis` (default all); the gradient goes to the first maximum. */
export function max(x: Tensor, axis?: number | readonly number[], keepDims = false): Tensor {
  const p = plan(x, axis, keepDims, 'max');
  const n = sizeOf(p.outShape);
  const out = new Float32Array(n).fill(-Infinity);
  const arg = new Int32Array(n).fill(-1);
  for (let i = 0; i < x.size; i++) {
    const t = p.target[i];
    if (arg[t] === -1 || x.data[i] > out[t]) {
      out[t] = x.data[i];
      arg[t] = i;
    }
  }
  return record(new Tensor(out, p.outShape), [x], (dy) => {
    const g = new Float32Array(x.size);
    for (let o = 0; o < n; o++) if (arg[o] >= 0) g[arg[o]] += dy.data[o];
    return [new Tensor(g, x.shape)];
  });
}
