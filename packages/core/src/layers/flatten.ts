/** Flatten: [batch, ...] → [batch, product of the rest]. */
import { ShapeError, formatShape } from '../errors.js';
import { reshape } from '../ops/shape.js';
import type { Tensor } from '../tensor.js';
import { Layer, type LayerArgs, type LayerShape } from './layer.js';

export class Flatten extends Layer {
  static override className = 'Flatten';

  constructor(args: LayerArgs = {}) {
    super(args);
    this.inputSpec = { minNdim: 2 };
  }

  call(input: Tensor): Tensor {
    return reshape(input, [input.shape[0], input.size / Math.max(1, input.shape[0]) || 0]);
  }

  override computeOutputShape(s: LayerShape): LayerShape {
    const rest = s.slice(1);
    if (rest.some((d) => d === null)) {
      throw new ShapeError(`Flatten '${this.name}' needs every non-batch dimension known, got ${formatShape(s)}. Give the first layer an inputShape.`);
    }
    return [s[0], (rest as number[]).reduce((a, b) => a * b, 1)];
  }
}
