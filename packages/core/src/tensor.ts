/**
 * Tensor: an immutable n-dimensional array over a flat row-major typed array. Plain JS object,
 * garbage-collected: there is no dispose().
 */
import { DTypeError, ShapeError, ValueError, formatShape } from './errors.js';

export type DType = 'float32' | 'int32';
export type TypedArray = Float32Array | Int32Array;
export type Shape = number[];
/** Nested JS arrays of numbers, e.g. [[1, 2], [3, 4]]. */
export type NestedArray = number | NestedArray[];
export type TensorLike = NestedArray | TypedArray | readonly number[];

let nextId = 0;

export class Tensor {
  /** Unique id (for the gradient tape and debugging). */
  readonly id = nextId++;
  readonly shape: Shape;
  readonly dtype: DType;
  /** Flat row-major values. Treat as read-only; a Variable changes through `assign` (or call its `markChanged()` after writing here). */
  data: TypedArray;

  constructor(data: TypedArray, shape: readonly number[], dtype?: DType) {
    const size = sizeOf(shape);
    if (data.length !== size) {
      throw new ShapeError(`Tensor data has ${data.length} values but shape ${formatShape(shape)} needs ${size}.`);
    }
    this.shape = [...shape];
    this.dtype = dtype ?? (data instanceof Int32Array ? 'int32' : 'float32');
    if ((this.dtype === 'int32') !== data instanceof Int32Array) {
      throw new DTypeError(`Tensor dtype '${this.dtype}' does not match its ${data.constructor.name}.`);
    }
    this.data = data;
  }

  get rank(): number {
    return this.shape.length;
  }

  get size(): number {
    return this.data.length;
  }

  /** The values as a flat typed array (the tensor's own buffer; do not mutate). */
  dataSync(): TypedArray {
    return this.data;
  }

  /** The values as nested JS arrays (a number for a scalar). */
  arraySync(): NestedArray {
    return toNested(this.data, this.shape, 0, 0);
  }

  /** Alias of arraySync. */
  toArray(): NestedArray {
    return this.arraySync();
  }

  toString(): string {
    return `Tensor(${this.dtype}, ${formatShape(this.shape)})`;
  }
}

export function sizeOf(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) {
    if (!Number.isInteger(d) || d < 0) throw new ShapeError(`Invalid shape ${formatShape(shape)}: dimensions must be whole numbers ≥ 0.`);
    n *= d;
  }
  return n;
}

function toNested(data: TypedArray, shape: readonly number[], axis: number, offset: number): NestedArray {
  if (axis === shape.length) return data[offset];
  const stride = sizeOf(shape.slice(axis + 1));
  const out: NestedArray[] = [];
  for (let i = 0; i < shape[axis]; i++) out.push(toNested(data, shape, axis + 1, offset + i * stride));
  return out;
}

function inferShape(values: NestedArray): Shape {
  const shape: Shape = [];
  let v: NestedArray = values;
  while (Array.isArray(v)) {
    shape.push(v.length);
    if (v.length === 0) break;
    v = v[0];
  }
  return shape;
}

function flatten(values: NestedArray, shape: Shape, axis: number, out: number[]): void {
  if (axis === shape.length) {
    if (typeof values !== 'number') throw new ValueError(`tensor(): expected a number at depth ${axis}, got ${Array.isArray(values) ? 'an array' : typeof values}. Nested arrays must be rectangular.`);
    out.push(values);
    return;
  }
  if (!Array.isArray(values) || values.length !== shape[axis]) {
    throw new ShapeError(`tensor(): ragged nested array: expected ${shape[axis]} elements at depth ${axis} (shape ${formatShape(shape)}).`);
  }
  for (const v of values) flatten(v, shape, axis + 1, out);
}

function makeArray(values: ArrayLike<number>, dtype: DType): TypedArray {
  if (dtype === 'int32') {
    const out = new Int32Array(values.length);
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      if (!Number.isInteger(v)) throw new DTypeError(`tensor(): int32 tensors need whole numbers, got ${v} at index ${i}.`);
      out[i] = v;
    }
    return out;
  }
  return Float32Array.from(values);
}

/**
 * Creates a tensor from nested arrays, a flat array or a typed array. With a flat input, `shape`
 * gives the layout; dtype defaults to int32 for an Int32Array and float32 otherwise.
 */
export function tensor(values: TensorLike | Tensor, shape?: readonly number[], dtype?: DType): Tensor {
  if (values instanceof Tensor) return new Tensor(values.data.slice(), shape ?? values.shape, dtype ?? values.dtype);
  if (dtype !== undefined && dtype !== 'float32' && dtype !== 'int32') {
    throw new DTypeError(`Unsupported dtype '${String(dtype)}'; use 'float32' or 'int32'.`);
  }
  if (values instanceof Float32Array || values instanceof Int32Array) {
    const dt = dtype ?? (values instanceof Int32Array ? 'int32' : 'float32');
    const data = (dt === 'int32') === values instanceof Int32Array ? values : makeArray(values, dt);
    return new Tensor(data, shape ?? [values.length], dt);
  }
  const dt = dtype ?? 'float32';
  if (typeof values === 'number') return new Tensor(makeArray([values], dt), shape ?? [], dt);
  if (!Array.isArray(values)) throw new ValueError(`tensor(): expected a number, nested array or typed array, got ${typeof values}.`);
  const inferred = inferShape(values as NestedArray);
  const flat: number[] = [];
  flatten(values as NestedArray, inferred, 0, flat);
  const target = shape ?? inferred;
  if (sizeOf(target) !== flat.length) {
    throw new ShapeError(`tensor(): ${flat.length} values do not fit shape ${formatShape(target)}.`);
  }
  return new Tensor(makeArray(flat, dt), target, dt);
}

export function scalar(value: number, dtype: DType = 'float32'): Tensor {
  return tensor(value, [], dtype);
}

export function zeros(shape: readonly number[], dtype: DType = 'float32'): Tensor {
  const n = sizeOf(shape);
  return new Tensor(dtype === 'int32' ? new Int32Array(n) : new Float32Array(n), shape, dtype);
}

export function fill(shape: readonly number[], value: number, dtype: DType = 'float32'): Tensor {
  const t = zeros(shape, dtype);
  t.data.fill(value);
  return t;
}

export function ones(shape: readonly number[], dtype: DType = 'float32'): Tensor {
  return fill(shape, 1, dtype);
}

/** Float32 tensor over `data` without copying (internal helper for ops). */
export function fromData(data: Float32Array, shape: readonly number[]): Tensor {
  return new Tensor(data, shape, 'float32');
}
