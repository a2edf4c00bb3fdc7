/**
 * Rescaling (Keras preprocessing): x · scale + offset element-wise, e.g. scale 1/255 maps pixels to
 * [0, 1]. No weights; the shape is unchanged. Scale and offset are numbers, as in tfjs-layers 4.22
 * (Keras' per-channel arrays are not part of the TF.js format).
 */
import { scaleAndShift } from '../ops/unary.js';
import type { Tensor } from '../tensor.js';
import { finiteNumber } from './config.js';
import { Layer, type LayerArgs, type LayerConfig } from './layer.js';

export interface RescalingArgs extends LayerArgs {
  scale: number;
  /** Added after scaling (default 0). */
  offset?: number;
}

export class Rescaling extends Layer {
  static override className = 'Rescaling';
  readonly scale: number;
  readonly offset: number;

  constructor(args: RescalingArgs) {
    super(args);
    // A per-channel array (Keras) is rejected here too: TF.js layers take one number.
    const where = `Rescaling '${this.name}'`;
    this.scale = finiteNumber(args?.scale, 'scale', where);
    this.offset = finiteNumber(args?.offset ?? 0, 'offset', where);
  }

  call(input: Tensor): Tensor {
    return scaleAndShift(input, this.scale, this.offset);
  }

  override getConfig(): LayerConfig {
    return { scale: this.scale, offset: this.offset, ...super.getConfig() };
  }
}
