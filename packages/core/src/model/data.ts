/**
 * Input checks and batching for fit/evaluate/predict: every problem with x or y is reported
 * before any computation, as a typed error naming what was expected, what was given and the fix.
 */
import { ShapeError, ValueError, formatShape } from '../errors.js';
import { isFiniteNumber } from '../hot-globals.js';
import { Tensor, type TypedArray } from '../tensor.js';

/** Throws unless `t` is a Tensor; `what` is 'x', 'y', 'validationData[0]', … */
export function requireTensor(method: string, what: string, t: unknown): Tensor {
  if (!(t instanceof Tensor)) {
    const got = t === null ? 'null' : Array.isArray(t) ? 'a plain array' : typeof t;
    throw new ValueError(`${method}: ${what} must be a Tensor, got ${got}. Wrap your data with tensor(values, shape).`);
  }
  if (t.rank === 0) throw new ShapeError(`${method}: ${what} is a scalar; it needs a leading batch dimension, e.g. shape [samples, ...].`);
  return t;
}

/** Throws a ValueError at the first NaN or ±Infinity, naming the sample it belongs to. */
export function requireFinite(method: string, what: string, t: Tensor): void {
  const data = t.data;
  for (let i = 0; i < data.length; i++) {
    if (!isFiniteNumber(data[i])) {
      const sample = Math.floor(i / (data.length / t.shape[0]));
      throw new ValueError(`${method}: ${what} contains ${data[i]} (sample ${sample}, flat index ${i}). Clean or impute the data first: NaN/Infinity would poison every weight.`);
    }
  }
}

/** Throws unless x and y hold the same number of samples. */
export function requireSameLength(method: string, x: Tensor, y: Tensor, names = ['x', 'y']): void {
  if (x.shape[0] !== y.shape[0]) {
    throw new ShapeError(`${method}: ${names[0]} has ${x.shape[0]} samples (shape ${formatShape(x.shape)}) but ${names[1]} has ${y.shape[0]} (shape ${formatShape(y.shape)}); they must match one-to-one.`);
  }
}

export function requireBatchSize(method: string, batchSize: number): number {
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new ValueError(`${method}: batchSize must be a whole number ≥ 1, got ${batchSize}.`);
  return batchSize;
}

/** Rows [start, end) of `t` as a new tensor (copies, so the batch owns its data). */
export function sliceRows(t: Tensor, start: number, end: number): Tensor {
  const row = t.size / t.shape[0];
  return new Tensor(t.data.slice(start * row, end * row) as TypedArray, [end - start, ...t.shape.slice(1)], t.dtype);
}

/** The rows `indices[start..end)` of `t`, in that order. */
export function gatherRows(t: Tensor, indices: Int32Array, start: number, end: number): Tensor {
  const row = t.size / t.shape[0];
  const out = t.dtype === 'int32' ? new Int32Array((end - start) * row) : new Float32Array((end - start) * row);
  for (let i = start; i < end; i++) out.set(t.data.subarray(indices[i] * row, (indices[i] + 1) * row), (i - start) * row);
  return new Tensor(out, [end - start, ...t.shape.slice(1)], t.dtype);
}

/** Stacks batch outputs [b_i, ...rest] into one tensor [Σ b_i, ...rest]. */
export function concatRows(parts: Tensor[]): Tensor {
  const total = parts.reduce((n, p) => n + p.shape[0], 0);
  const size = parts.reduce((n, p) => n + p.size, 0);
  const first = parts[0];
  const out = first.dtype === 'int32' ? new Int32Array(size) : new Float32Array(size);
  let offset = 0;
  for (const p of parts) {
    out.set(p.data, offset);
    offset += p.size;
  }
  return new Tensor(out, [total, ...first.shape.slice(1)], first.dtype);
}

/** Running means of named values, weighted by the number of samples in each batch. */
export class RunningMeans {
  private readonly sums = new Map<string, number>();
  private count = 0;

  add(values: Record<string, number>, samples: number): void {
    for (const [k, v] of Object.entries(values)) this.sums.set(k, (this.sums.get(k) ?? 0) + v * samples);
    this.count += samples;
  }

  /** Current means, with an optional prefix ('val_'). */
  means(prefix = ''): Record<string, number> {
    const out: Record<string, number> = {};
    for (const [k, s] of this.sums) out[prefix + k] = s / this.count;
    return out;
  }
}
