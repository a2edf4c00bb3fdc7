/** RandomRotation (Keras): rotates each image by a random angle in [lower, upper]·2π about its centre. */
import { imageTransform, type FillMode, type Interpolation } from '../ops/image-transform.js';
import type { Tensor } from '../tensor.js';
import { Augmentation, checkTransformArgs, factorRange, type AugmentationArgs, type TransformArgs } from './augmentation.js';
import type { LayerConfig } from './layer.js';

export interface RandomRotationArgs extends AugmentationArgs, TransformArgs {
  /** Fraction of 2π: 0.1 → angles in [-36°, 36°]; or [lower, upper]. */
  factor: number | [number, number];
}

/** Keras' rotation matrix: output (x, y) → input, rotating about the image centre. */
export function rotationTransform(angle: number, h: number, w: number): number[] {
  const cos = Math.cos(angle);
  const sin = Math.sin(angle);
  const xOffset = (w - 1 - (cos * (w - 1) - sin * (h - 1))) / 2;
  const yOffset = (h - 1 - (sin * (w - 1) + cos * (h - 1))) / 2;
  return [cos, -sin, xOffset, sin, cos, yOffset, 0, 0];
}

export class RandomRotation extends Augmentation {
  static override className = 'RandomRotation';
  readonly factor: number | [number, number];
  readonly range: [number, number];
  readonly fillMode: FillMode;
  readonly interpolation: Interpolation;
  readonly fillValue: number;

  constructor(args: RandomRotationArgs) {
    super(args);
    const where = `RandomRotation '${this.name}'`;
    this.factor = args?.factor;
    this.range = factorRange(this.factor, 'factor', where, Infinity);
    ({ fillMode: this.fillMode, interpolation: this.interpolation, fillValue: this.fillValue } = checkTransformArgs(args, where));
  }

  protected augment(images: Tensor): Tensor {
    const [batch, h, w] = images.shape;
    const t: number[] = [];
    for (let b = 0; b < batch; b++) t.push(...rotationTransform(this.rng.uniform(this.range[0], this.range[1]) * 2 * Math.PI, h, w));
    return imageTransform(images, t, this.interpolation, this.fillMode, this.fillValue);
  }

  override getConfig(): LayerConfig {
    return { factor: this.factor, fill_mode: this.fillMode, fill_value: this.fillValue, interpolation: this.interpolation, ...super.getConfig() };
  }
}
