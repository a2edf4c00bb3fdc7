/** Zeros, Ones, Constant, RandomNormal, RandomUniform, TruncatedNormal (Keras defaults). */
import { ValueError } from '../errors.js';
import type { DType, Tensor } from '../tensor.js';
import { Initializer, constant, filled, rngFor } from './initializer.js';

export class Zeros extends Initializer {
  readonly className = 'Zeros';
  apply(shape: readonly number[], dtype?: DType): Tensor {
    return constant(shape, dtype, 0);
  }
}

export class Ones extends Initializer {
  readonly className = 'Ones';
  apply(shape: readonly number[], dtype?: DType): Tensor {
    return constant(shape, dtype, 1);
  }
}

export class Constant extends Initializer {
  readonly className = 'Constant';
  readonly value: number;
  constructor(args: { value: number }) {
    super();
    if (typeof args?.value !== 'number' || !Number.isFinite(args.value)) {
      throw new ValueError(`constant initializer needs a finite number { value }, got ${JSON.stringify(args)}.`);
    }
    this.value = args.value;
  }
  apply(shape: readonly number[], dtype?: DType): Tensor {
    return constant(shape, dtype, this.value);
  }
  override getConfig(): Record<string, unknown> {
    return { value: this.value };
  }
}

export interface RandomNormalArgs { mean?: number; stddev?: number; seed?: number | null }

export class RandomNormal extends Initializer {
  readonly className: string = 'RandomNormal';
  readonly mean: number;
  readonly stddev: number;
  readonly seed: number | null;
  constructor(args: RandomNormalArgs = {}) {
    super();
    this.mean = args.mean ?? 0;
    this.stddev = args.stddev ?? 0.05;
    this.seed = args.seed ?? null;
    if (!(this.stddev >= 0)) throw new ValueError(`${this.className}: stddev must be ≥ 0, got ${this.stddev}.`);
  }
  apply(shape: readonly number[], dtype?: DType): Tensor {
    const rng = rngFor(this.seed);
    return filled(shape, dtype, () => rng.normal(this.mean, this.stddev));
  }
  override getConfig(): Record<string, unknown> {
    return { mean: this.mean, stddev: this.stddev, seed: this.seed };
  }
}

export class TruncatedNormal extends RandomNormal {
  override readonly className = 'TruncatedNormal';
  override apply(shape: readonly number[], dtype?: DType): Tensor {
    const rng = rngFor(this.seed);
    return filled(shape, dtype, () => rng.truncatedNormal(this.mean, this.stddev));
  }
}

export interface RandomUniformArgs { minval?: number; maxval?: number; seed?: number | null }

export class RandomUniform extends Initializer {
  readonly className = 'RandomUniform';
  readonly minval: number;
  readonly maxval: number;
  readonly seed: number | null;
  constructor(args: RandomUniformArgs = {}) {
    super();
    this.minval = args.minval ?? -0.05;
    this.maxval = args.maxval ?? 0.05;
    this.seed = args.seed ?? null;
    if (!(this.maxval >= this.minval)) throw new ValueError(`RandomUniform: maxval (${this.maxval}) must be ≥ minval (${this.minval}).`);
  }
  apply(shape: readonly number[], dtype?: DType): Tensor {
    const rng = rngFor(this.seed);
    return filled(shape, dtype, () => rng.uniform(this.minval, this.maxval));
  }
  override getConfig(): Record<string, unknown> {
    return { minval: this.minval, maxval: this.maxval, seed: this.seed };
  }
}
