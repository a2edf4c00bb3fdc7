/** RandomTranslation (Keras): shifts each image by random fractions of its height and width. */
import { imageTransform, type FillMode, type Interpolation } from '../ops/image-transform.js';
import type { Tensor } from '../tensor.js';
import { Augmentation, checkTransformArgs, factorRange, type AugmentationArgs, type TransformArgs } from './augmentation.js';
import type { LayerConfig } from './layer.js';

export interface RandomTranslationArgs extends AugmentationArgs, TransformArgs {
  heightFactor: number | [number, number];
  widthFactor: number | [number, number];
}

export class RandomTranslation extends Augmentation {
  static override className = 'RandomTranslation';
  readonly heightFactor: number | [number, number];
  readonly widthFactor: number | [number, number];
  private readonly heightRange: [number, number];
  private readonly widthRange: [number, number];
  readonly fillMode: FillMode;
  readonly interpolation: Interpolation;
  readonly fillValue: number;

  constructor(args: RandomTranslationArgs) {
    super(args);
    const where = `RandomTranslation '${this.name}'`;
    this.heightFactor = args?.heightFactor;
    this.widthFactor = args.widthFactor;
    this.heightRange = factorRange(this.heightFactor, 'heightFactor', where);
    this.widthRange = factorRange(this.widthFactor, 'widthFactor', where);
    ({ fillMode: this.fillMode, interpolation: this.interpolation, fillValue: this.fillValue } = checkTransformArgs(args, where));
  }

  protected augment(images: Tensor): Tensor {
    const [batch, h, w] = images.shape;
    const t: number[] = [];
    for (let b = 0; b < batch; b++) {
      const dy = this.rng.uniform(this.heightRange[0], this.heightRange[1]) * h;
      const dx = this.rng.uniform(this.widthRange[0], this.widthRange[1]) * w;
      t.push(1, 0, -dx, 0, 1, -dy, 0, 0);
    }
    return imageTransform(images, t, this.interpolation, this.fillMode, this.fillValue);
  }

  override getConfig(): LayerConfig {
    return { height_factor: this.heightFactor, width_factor: this.widthFactor, fill_mode: this.fillMode, fill_value: this.fillValue, interpolation: this.interpolation, ...super.getConfig() };
  }
}
