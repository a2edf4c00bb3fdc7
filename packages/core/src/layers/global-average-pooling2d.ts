/** GlobalAveragePooling2D: [batch, h, w, c] → [batch, c]. */
import { globalAvgPool } from '../ops/pool.js';
import type { Tensor } from '../tensor.js';
import { checkDataFormat } from './config.js';
import { Layer, type LayerArgs, type LayerConfig, type LayerShape } from './layer.js';

export interface GlobalPooling2DArgs extends LayerArgs {
  dataFormat?: 'channels_last' | 'channelsLast';
}

export class GlobalAveragePooling2D extends Layer {
  static override className = 'GlobalAveragePooling2D';

  constructor(args: GlobalPooling2DArgs = {}) {
    super(args);
    checkDataFormat(args.dataFormat, `GlobalAveragePooling2D '${this.name}'`);
    this.inputSpec = { ndim: 4 };
  }

  call(input: Tensor): Tensor {
    return globalAvgPool(input);
  }

  override computeOutputShape(s: LayerShape): LayerShape {
    return [s[0], s[3]];
  }

  override getConfig(): LayerConfig {
    return { data_format: 'channels_last', ...super.getConfig() };
  }
}
