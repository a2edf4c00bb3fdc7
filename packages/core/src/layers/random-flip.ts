/** RandomFlip (Keras): in training, flips each image left-right and/or up-down with probability 1/2. */
import { ValueError } from '../errors.js';
import { imageTransform } from '../ops/image-transform.js';
import type { Tensor } from '../tensor.js';
import { Augmentation, type AugmentationArgs } from './augmentation.js';
import type { LayerConfig } from './layer.js';

export type FlipMode = 'horizontal' | 'vertical' | 'horizontal_and_vertical';

export interface RandomFlipArgs extends AugmentationArgs {
  mode?: FlipMode;
}

export class RandomFlip extends Augmentation {
  static override className = 'RandomFlip';
  readonly mode: FlipMode;

  constructor(args: RandomFlipArgs = {}) {
    super(args);
    this.mode = args.mode ?? 'horizontal_and_vertical';
    if (!['horizontal', 'vertical', 'horizontal_and_vertical'].includes(this.mode)) {
      throw new ValueError(`RandomFlip '${this.name}': mode must be 'horizontal', 'vertical' or 'horizontal_and_vertical', got '${this.mode}'.`);
    }
  }

  protected augment(images: Tensor): Tensor {
    const [batch, h, w] = images.shape;
    const t = new Float64Array(batch * 8);
    for (let b = 0; b < batch; b++) {
      const flipX = this.mode !== 'vertical' && this.rng.next() < 0.5;
      const flipY = this.mode !== 'horizontal' && this.rng.next() < 0.5;
      t.set([flipX ? -1 : 1, 0, flipX ? w - 1 : 0, 0, flipY ? -1 : 1, flipY ? h - 1 : 0, 0, 0], b * 8);
    }
    return imageTransform(images, t, 'nearest', 'constant');
  }

  override getConfig(): LayerConfig {
    return { mode: this.mode, ...super.getConfig() };
  }
}
