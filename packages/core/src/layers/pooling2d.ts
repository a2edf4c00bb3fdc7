/** MaxPooling2D and AveragePooling2D (NHWC); strides default to the pool size (Keras). */
import { checkPadding, type Pair, type Padding } from '../ops/conv-geometry.js';
import { avgPool, maxPool } from '../ops/pool.js';
import type { Tensor } from '../tensor.js';
import { checkDataFormat, pair } from './config.js';
import { spatialOut } from './base-conv.js';
import { Layer, type LayerArgs, type LayerConfig, type LayerShape } from './layer.js';

export interface Pooling2DArgs extends LayerArgs {
  poolSize?: Pair;
  strides?: Pair | null;
  padding?: Padding;
  dataFormat?: 'channels_last' | 'channelsLast';
}

abstract class Pooling2D extends Layer {
  readonly poolSize: [number, number];
  readonly strides: [number, number];
  readonly padding: Padding;

  constructor(args: Pooling2DArgs = {}) {
    super(args);
    const where = `${this.getClassName()} '${this.name}'`;
    this.poolSize = pair(args.poolSize ?? 2, 'poolSize', where);
    this.strides = args.strides == null ? this.poolSize : pair(args.strides, 'strides', where);
    this.padding = checkPadding(args.padding);
    checkDataFormat(args.dataFormat, where);
    this.inputSpec = { ndim: 4 };
  }

  override computeOutputShape(s: LayerShape): LayerShape {
    return [s[0], spatialOut(s[1], this.poolSize[0], this.strides[0], 1, this.padding), spatialOut(s[2], this.poolSize[1], this.strides[1], 1, this.padding), s[3]];
  }

  override getConfig(): LayerConfig {
    return { pool_size: [...this.poolSize], padding: this.padding, strides: [...this.strides], data_format: 'channels_last', ...super.getConfig() };
  }
}

export class MaxPooling2D extends Pooling2D {
  static override className = 'MaxPooling2D';
  call(input: Tensor): Tensor {
    return maxPool(input, this.poolSize, this.strides, this.padding);
  }
}

export class AveragePooling2D extends Pooling2D {
  static override className = 'AveragePooling2D';
  call(input: Tensor): Tensor {
    return avgPool(input, this.poolSize, this.strides, this.padding);
  }
}
