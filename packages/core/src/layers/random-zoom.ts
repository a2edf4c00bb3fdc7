/**
 * RandomZoom (Keras): zooms each image about its centre by a random factor; positive factors zoom
 * out (e.g. 0.2 → up to 20% more of the scene), negative zoom in. Without widthFactor the aspect
 * ratio is kept (the height zoom is used for both axes).
 */
import { imageTransform, type FillMode, type Interpolation } from '../ops/image-transform.js';
import type { Tensor } from '../tensor.js';
import { Augmentation, checkTransformArgs, factorRange, type AugmentationArgs, type TransformArgs } from './augmentation.js';
import type { LayerConfig } from './layer.js';

export interface RandomZoomArgs extends AugmentationArgs, TransformArgs {
  heightFactor: number | [number, number];
  widthFactor?: number | [number, number] | null;
}

export class RandomZoom extends Augmentation {
  static override className = 'RandomZoom';
  readonly heightFactor: number | [number, number];
  readonly widthFactor: number | [number, number] | null;
  private readonly heightRange: [number, number];
  private readonly widthRange: [number, number] | null;
  readonly fillMode: FillMode;
  readonly interpolation: Interpolation;
  readonly fillValue: number;

  constructor(args: RandomZoomArgs) {
    super(args);
    const where = `RandomZoom '${this.name}'`;
    this.heightFactor = args?.heightFactor;
    this.widthFactor = args.widthFactor ?? null;
    this.heightRange = factorRange(this.heightFactor, 'heightFactor', where);
    this.widthRange = this.widthFactor === null ? null : factorRange(this.widthFactor, 'widthFactor', where);
    ({ fillMode: this.fillMode, interpolation: this.interpolation, fillValue: this.fillValue } = checkTransformArgs(args, where));
  }

  protected augment(images: Tensor): Tensor {
    const [batch, h, w] = images.shape;
    const t: number[] = [];
    for (let b = 0; b < batch; b++) {
      const zy = 1 + this.rng.uniform(this.heightRange[0], this.heightRange[1]);
      const zx = this.widthRange === null ? zy : 1 + this.rng.uniform(this.widthRange[0], this.widthRange[1]);
      t.push(zx, 0, ((w - 1) / 2) * (1 - zx), 0, zy, ((h - 1) / 2) * (1 - zy), 0, 0);
    }
    return imageTransform(images, t, this.interpolation, this.fillMode, this.fillValue);
  }

  override getConfig(): LayerConfig {
    return { height_factor: this.heightFactor, width_factor: this.widthFactor, fill_mode: this.fillMode, fill_value: this.fillValue, interpolation: this.interpolation, ...super.getConfig() };
  }
}
