/**
 * VarianceScaling and its named presets (Glorot, He, LeCun). As in TF.js, the presets serialise
 * as `VarianceScaling` with their parameters, which is what Keras writes too.
 */
import { ValueError } from '../errors.js';
import type { DType, Tensor } from '../tensor.js';
import { Initializer, computeFans, filled, rngFor } from './initializer.js';

export type FanMode = 'fan_in' | 'fan_out' | 'fan_avg';
export type Distribution = 'normal' | 'truncated_normal' | 'uniform';

export interface VarianceScalingArgs {
  scale?: number;
  mode?: FanMode | 'fanIn' | 'fanOut' | 'fanAvg';
  distribution?: Distribution | 'truncatedNormal';
  seed?: number | null;
}

const MODES: Record<string, FanMode> = { fan_in: 'fan_in', fanIn: 'fan_in', fan_out: 'fan_out', fanOut: 'fan_out', fan_avg: 'fan_avg', fanAvg: 'fan_avg' };

/** stddev of a unit normal truncated to ±2, used to undo the truncation's shrinkage (Keras). */
const TRUNCATED_STDDEV = 0.87962566103423978;

export class VarianceScaling extends Initializer {
  readonly className = 'VarianceScaling';
  readonly scale: number;
  readonly mode: FanMode;
  readonly distribution: Distribution;
  readonly seed: number | null;

  constructor(args: VarianceScalingArgs = {}) {
    super();
    this.scale = args.scale ?? 1;
    if (!(this.scale > 0)) throw new ValueError(`VarianceScaling: scale must be > 0, got ${this.scale}.`);
    const mode = MODES[args.mode ?? 'fan_in'];
    if (mode === undefined) throw new ValueError(`VarianceScaling: mode must be 'fan_in', 'fan_out' or 'fan_avg', got '${args.mode}'.`);
    this.mode = mode;
    const dist = args.distribution === 'truncatedNormal' ? 'truncated_normal' : args.distribution ?? 'normal';
    if (dist !== 'normal' && dist !== 'truncated_normal' && dist !== 'uniform') {
      throw new ValueError(`VarianceScaling: distribution must be 'normal', 'truncated_normal' or 'uniform', got '${dist}'.`);
    }
    this.distribution = dist;
    this.seed = args.seed ?? null;
  }

  apply(shape: readonly number[], dtype?: DType): Tensor {
    const [fanIn, fanOut] = computeFans(shape);
    const fan = this.mode === 'fan_in' ? fanIn : this.mode === 'fan_out' ? fanOut : (fanIn + fanOut) / 2;
    const variance = this.scale / Math.max(1, fan);
    const rng = rngFor(this.seed);
    if (this.distribution === 'uniform') {
      const limit = Math.sqrt(3 * variance);
      return filled(shape, dtype, () => rng.uniform(-limit, limit));
    }
    // 'normal' is truncated at two standard deviations (Keras); rescale so the variance is exact.
    const stddev = Math.sqrt(variance) / TRUNCATED_STDDEV;
    return filled(shape, dtype, () => rng.truncatedNormal(0, stddev));
  }

  override getConfig(): Record<string, unknown> {
    return { scale: this.scale, mode: this.mode, distribution: this.distribution, seed: this.seed };
  }
}

type SeedArgs = { seed?: number | null };

export const glorotUniform = (a: SeedArgs = {}) => new VarianceScaling({ scale: 1, mode: 'fan_avg', distribution: 'uniform', seed: a.seed });
export const glorotNormal = (a: SeedArgs = {}) => new VarianceScaling({ scale: 1, mode: 'fan_avg', distribution: 'normal', seed: a.seed });
export const heNormal = (a: SeedArgs = {}) => new VarianceScaling({ scale: 2, mode: 'fan_in', distribution: 'normal', seed: a.seed });
export const heUniform = (a: SeedArgs = {}) => new VarianceScaling({ scale: 2, mode: 'fan_in', distribution: 'uniform', seed: a.seed });
export const lecunNormal = (a: SeedArgs = {}) => new VarianceScaling({ scale: 1, mode: 'fan_in', distribution: 'normal', seed: a.seed });
export const lecunUniform = (a: SeedArgs = {}) => new VarianceScaling({ scale: 1, mode: 'fan_in', distribution: 'uniform', seed: a.seed });
