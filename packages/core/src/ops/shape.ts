/** Differentiable layout ops (plain loops): reshape, transpose, concat, slice, expandDims, squeeze. */
import { ShapeError, ValueError, formatShape } from '../errors.js';
import { record } from '../tape.js';
import { Tensor, sizeOf } from '../tensor.js';

/** Reshape; one dimension may be -1 (inferred). Shares the (immutable) data buffer. */
export function reshape(x: Tensor, shape: readonly number[]): Tensor {
  const target = [...shape];
  const unknown = target.indexOf(-1);
  if (unknown !== -1) {
    const known = target.reduce((p, d, i) => (i === unknown ? p : p * d), 1);
    if (known === 0 || x.size % known !== 0) throw new ShapeError(`reshape: cannot reshape ${formatShape(x.shape)} (${x.size} values) to ${formatShape(shape)}.`);
    target[unknown] = x.size / known;
  }
  if (sizeOf(target) !== x.size) {
    throw new ShapeError(`reshape: cannot reshape ${formatShape(x.shape)} (${x.size} values) to ${formatShape(shape)} (${sizeOf(target)} values).`);
  }
  const out = new Tensor(x.data, target, x.dtype);
  return record(out, [x], (dy) => [new Tensor(dy.data, x.shape)]);
}

function strides(shape: readonly number[]): number[] {
  const s = new Array<number>(shape.length);
  let acc = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    s[i] = acc;
    acc *= shape[i];
  }
  return s;
}

function permute(data: ArrayLike<number>, shape: readonly number[], perm: readonly number[], out: Float32Array | Int32Array): void {
  const outShape = perm.map((p) => shape[p]);
  const inStrides = strides(shape);
  const st = perm.map((p) => inStrides[p]);
  const rank = outShape.length;
  const counter = new Array<number>(rank).fill(0);
  let src = 0;
  for (let i = 0; i < out.length; i++) {
    out[i] = data[src];
    for (let ax = rank - 1; ax >= 0; ax--) {
      counter[ax]++;
      src += st[ax];
      if (counter[ax] < outShape[ax]) break;
      src -= st[ax] * counter[ax];
      counter[ax] = 0;
    }
  }
}

/** Permutes axes (default: reverses them). */
export function transpose(x: Tensor, perm?: readonly number[]): Tensor {
  const p = perm ? [...perm] : x.shape.map((_, i) => x.rank - 1 - i);
  if (p.length !== x.rank || [...p].sort((a, b) => a - b).some((v, i) => v !== i)) {
    throw new ValueError(`transpose: perm [${p.join(', ')}] is not a permutation of the ${x.rank} axes of ${formatShape(x.shape)}.`);
  }
  const outShape = p.map((i) => x.shape[i]);
  const out = x.dtype === 'int32' ? new Int32Array(x.size) : new Float32Array(x.size);
  permute(x.data, x.shape, p, out);
  const inverse = new Array<number>(p.length);
  p.forEach((v, i) => (inverse[v] = i));
  return record(new Tensor(out, outShape, x.dtype), [x], (dy) => {
    const g = new Float32Array(x.size);
    permute(dy.data, outShape, inverse, g);
    return [new Tensor(g, x.shape)];
  });
}

function normAxis(axis: number, rank: number, op: string): number {
  const a = axis < 0 ? axis + rank : axis;
  if (!Number.isInteger(a) || a < 0 || a >= rank) throw new ValueError(`${op}: axis ${axis} is out of range for rank ${rank}.`);
  return a;
}

/** Concatenates along `axis` (default last). */
export function concat(xs: readonly Tensor[], axis = -1): Tensor {
  if (xs.length === 0) throw new ValueError('concat needs at least one tensor.');
  const rank = xs[0].rank;
  const ax = normAxis(axis, rank, 'concat');
  for (const t of xs) {
    if (t.rank !== rank || t.shape.some((d, i) => i !== ax && d !== xs[0].shape[i])) {
      throw new ShapeError(`concat: shapes ${xs.map((u) => formatShape(u.shape)).join(', ')} differ outside axis ${ax}.`);
    }
  }
  const outer = sizeOf(xs[0].shape.slice(0, ax));
  const inner = sizeOf(xs[0].shape.slice(ax + 1));
  const widths = xs.map((t) => t.shape[ax] * inner);
  const total = widths.reduce((a, b) => a + b, 0);
  const outShape = [...xs[0].shape];
  outShape[ax] = xs.reduce((sum, t) => sum + t.shape[ax], 0);
  const dtype = xs[0].dtype;
  const out = dtype === 'int32' ? new Int32Array(outer * total) : new Float32Array(outer * total);
  for (let o = 0; o < outer; o++) {
    let off = o * total;
    xs.forEach((t, k) => {
      out.set(t.data.subarray(o * widths[k], (o + 1) * widths[k]), off);
      off += widths[k];
    });
  }
  return record(new Tensor(out, outShape, dtype), [...xs], (dy) =>
    xs.map((t, k) => {
      const g = new Float32Array(t.size);
      const start = widths.slice(0, k).reduce((a, b) => a + b, 0);
      for (let o = 0; o < outer; o++) g.set(dy.data.subarray(o * total + start, o * total + start + widths[k]), o * widths[k]);
      return new Tensor(g, t.shape);
    }),
  );
}

/** Slices `size` elements from `begin` on each axis (size -1: to the end). */
export function slice(x: Tensor, begin: readonly number[], size?: readonly number[]): Tensor {
  if (begin.length > x.rank) throw new ValueError(`slice: begin has ${begin.length} entries for a rank-${x.rank} tensor.`);
  const b = x.shape.map((_, i) => begin[i] ?? 0);
  const s = x.shape.map((d, i) => (size?.[i] === undefined || size[i] === -1 ? d - b[i] : size[i]));
  x.shape.forEach((d, i) => {
    if (b[i] < 0 || s[i] < 0 || b[i] + s[i] > d) {
      throw new ShapeError(`slice: begin [${b.join(', ')}] size [${s.join(', ')}] is out of bounds for shape ${formatShape(x.shape)}.`);
    }
  });
  const inSt = strides(x.shape);
  const n = sizeOf(s);
  const index = new Int32Array(n);
  const rank = x.rank;
  const counter = new Array<number>(rank).fill(0);
  let src = b.reduce((p, v, i) => p + v * inSt[i], 0);
  for (let i = 0; i < n; i++) {
    index[i] = src;
    for (let ax = rank - 1; ax >= 0; ax--) {
      counter[ax]++;
      src += inSt[ax];
      if (counter[ax] < s[ax]) break;
      src -= inSt[ax] * counter[ax];
      counter[ax] = 0;
    }
  }
  const out = x.dtype === 'int32' ? new Int32Array(n) : new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = x.data[index[i]];
  return record(new Tensor(out, s, x.dtype), [x], (dy) => {
    const g = new Float32Array(x.size);
    for (let i = 0; i < n; i++) g[index[i]] += dy.data[i];
    return [new Tensor(g, x.shape)];
  });
}

/** Inserts a size-1 axis at `axis`. */
export function expandDims(x: Tensor, axis = 0): Tensor {
  const a = axis < 0 ? axis + x.rank + 1 : axis;
  const shape = [...x.shape];
  shape.splice(a, 0, 1);
  return reshape(x, shape);
}

/** Removes size-1 axes (all, or the given ones). */
export function squeeze(x: Tensor, axes?: readonly number[]): Tensor {
  const drop = new Set((axes ?? x.shape.flatMap((d, i) => (d === 1 ? [i] : []))).map((a) => normAxis(a, x.rank, 'squeeze')));
  for (const a of drop) if (x.shape[a] !== 1) throw new ShapeError(`squeeze: axis ${a} of ${formatShape(x.shape)} is not 1.`);
  return reshape(x, x.shape.filter((_, i) => !drop.has(i)));
}

/** Reverses the order of elements along `axis`. */
export function reverse(x: Tensor, axis: number): Tensor {
  const ax = normAxis(axis, x.rank, 'reverse');
  const outer = sizeOf(x.shape.slice(0, ax));
  const len = x.shape[ax];
  const inner = sizeOf(x.shape.slice(ax + 1));
  const flip = (src: ArrayLike<number>, dst: Float32Array | Int32Array): void => {
    for (let o = 0; o < outer; o++) {
      for (let i = 0; i < len; i++) {
        const from = (o * len + i) * inner;
        const to = (o * len + (len - 1 - i)) * inner;
        for (let j = 0; j < inner; j++) dst[to + j] = src[from + j];
      }
    }
  };
  const out = x.dtype === 'int32' ? new Int32Array(x.size) : new Float32Array(x.size);
  flip(x.data, out);
  return record(new Tensor(out, x.shape, x.dtype), [x], (dy) => {
    const g = new Float32Array(x.size);
    flip(dy.data, g);
    return [new Tensor(g, x.shape)];
  });
}
