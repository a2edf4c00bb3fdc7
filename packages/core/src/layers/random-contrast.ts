/**
 * RandomContrast (Keras): per image, (x − mean) · f + mean with f uniform in [1 − lower, 1 + upper]
 * and the mean taken per channel over the image; the result is clipped to valueRange.
 */
import { ValueError } from '../errors.js';
import { add, mul, sub } from '../ops/arithmetic.js';
import { mean } from '../ops/reduce.js';
import { clipByValue } from '../ops/unary.js';
import { Tensor } from '../tensor.js';
import { Augmentation, type AugmentationArgs } from './augmentation.js';
import type { LayerConfig } from './layer.js';

export interface RandomContrastArgs extends AugmentationArgs {
  /** f → contrast factor in [1 − f, 1 + f]; or [lower, upper] → [1 − lower, 1 + upper]. */
  factor: number | [number, number];
  valueRange?: [number, number];
}

export class RandomContrast extends Augmentation {
  static override className = 'RandomContrast';
  readonly factor: number | [number, number];
  readonly valueRange: [number, number];
  private readonly lower: number;
  private readonly upper: number;

  constructor(args: RandomContrastArgs) {
    super(args);
    const where = `RandomContrast '${this.name}'`;
    this.factor = args?.factor;
    const [lower, upper] = typeof this.factor === 'number' ? [this.factor, this.factor] : this.factor ?? [NaN, NaN];
    if (!(lower >= 0 && lower <= 1 && upper >= 0)) {
      throw new ValueError(`${where}: factor must be a number in [0, 1] or [lower, upper] with 0 ≤ lower ≤ 1 and upper ≥ 0, got ${JSON.stringify(this.factor)}.`);
    }
    this.lower = lower;
    this.upper = upper;
    this.valueRange = args.valueRange ?? [0, 255];
  }

  protected augment(images: Tensor): Tensor {
    const batch = images.shape[0];
    const f = new Float32Array(batch);
    for (let b = 0; b < batch; b++) f[b] = this.rng.uniform(1 - this.lower, 1 + this.upper);
    const m = mean(images, [1, 2], true);
    const adjusted = add(mul(sub(images, m), new Tensor(f, [batch, 1, 1, 1])), m);
    return clipByValue(adjusted, this.valueRange[0], this.valueRange[1]);
  }

  override getConfig(): LayerConfig {
    return { factor: this.factor, value_range: [...this.valueRange], ...super.getConfig() };
  }
}
