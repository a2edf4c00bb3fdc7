/**
 * Variable: a trainable (or non-trainable) weight. It is a Tensor whose values change in place
 * (`assign`, optimizer updates), so ops take it directly and the tape tracks it by identity.
 *
 * Its values stay resident in WebAssembly memory between kernel calls (see resident.ts in
 * @neurite/kernels), so a prediction does not copy unchanged weights in again. The copy must
 * never be stale: change `data` through `assign`, or call `markChanged()` right after writing
 * into `data` directly.
 */
import { invalidateResident, markResident } from '@neurite/kernels';
import { ShapeError, formatShape } from './errors.js';
import { Tensor, type DType, type TypedArray } from './tensor.js';

let variableCount = 0;

export class Variable extends Tensor {
  readonly name: string;
  trainable: boolean;

  constructor(initial: Tensor, options: { name?: string; trainable?: boolean; dtype?: DType } = {}) {
    super(initial.data.slice() as TypedArray, initial.shape, options.dtype ?? initial.dtype);
    this.name = options.name ?? `variable_${variableCount++}`;
    this.trainable = options.trainable ?? true;
    markResident(this.data);
  }

  /** Copies `value` into this variable (same shape required). */
  assign(value: Tensor | TypedArray): void {
    const src = value instanceof Tensor ? value.data : value;
    if (value instanceof Tensor && !sameShape(value.shape, this.shape)) {
      throw new ShapeError(`Variable '${this.name}': cannot assign shape ${formatShape(value.shape)} to shape ${formatShape(this.shape)}.`);
    }
    if (src.length !== this.data.length) {
      throw new ShapeError(`Variable '${this.name}': cannot assign ${src.length} values to shape ${formatShape(this.shape)} (${this.data.length} values).`);
    }
    this.data.set(src);
    invalidateResident(this.data);
  }

  /** Declares that `data` was written in place (not via `assign`), so kernels see the new values. */
  markChanged(): void {
    invalidateResident(this.data);
  }

  /** A snapshot Tensor of the current values. */
  read(): Tensor {
    return new Tensor(this.data.slice() as TypedArray, this.shape, this.dtype);
  }
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

/** Creates a Variable (tfjs-style factory). */
export function variable(initial: Tensor, trainable = true, name?: string): Variable {
  return new Variable(initial, { trainable, name });
}
