/** A custom layer for the pool tests: the worker imports it through the `modules` option. */
import { Layer, type LayerArgs, type LayerConfig, type LayerShape } from '../layers/layer.js';
import * as ops from '../ops/index.js';
import type { Tensor } from '../tensor.js';
import type { Variable } from '../variable.js';

/** y = tanh(x) · w, with one trainable weight per feature. */
export class TanhScale extends Layer {
  static override className = 'TanhScale';
  w!: Variable;

  constructor(args: LayerArgs = {}) {
    super(args);
  }

  override build(inputShape: LayerShape): void {
    this.w = this.addWeight('w', [inputShape[inputShape.length - 1] as number], 'ones');
  }

  call(x: Tensor): Tensor {
    return ops.mul(ops.tanh(x), this.w);
  }

  override computeOutputShape(s: LayerShape): LayerShape {
    return s;
  }

  override getConfig(): LayerConfig {
    return super.getConfig();
  }
}
