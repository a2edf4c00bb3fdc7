/** Small Neurite models used by the io tests (not part of the public API). */
import { Layer, type LayerArgs, type LayerConfig, type LayerShape } from '../layers/layer.js';
import * as layers from '../layers/index.js';
import { Sequential } from '../model/sequential.js';
import * as ops from '../ops/index.js';
import { setSeed } from '../random.js';
import type { Tensor } from '../tensor.js';
import type { Variable } from '../variable.js';

export function convModel(seed = 1): Sequential {
  setSeed(seed);
  return new Sequential({
    layers: [
      layers.conv2d({ filters: 4, kernelSize: 3, activation: 'relu', inputShape: [8, 8, 2] }),
      layers.maxPooling2d({ poolSize: 2 }),
      layers.flatten(),
      layers.dense({ units: 3, activation: 'softmax' }),
    ],
  });
}

export function lstmModel(seed = 2): Sequential {
  setSeed(seed);
  return new Sequential({
    layers: [
      layers.embedding({ inputDim: 20, outputDim: 5, inputLength: 6 }),
      layers.lstm({ units: 4 }),
      layers.dense({ units: 1, activation: 'sigmoid' }),
    ],
  });
}

export function mixedModel(seed = 3): Sequential {
  setSeed(seed);
  return new Sequential({
    layers: [
      layers.conv2d({ filters: 3, kernelSize: 3, padding: 'same', inputShape: [6, 6, 2] }),
      layers.batchNormalization(),
      layers.depthwiseConv2d({ kernelSize: 3, depthMultiplier: 2, activation: 'relu' }),
      layers.globalAveragePooling2d(),
      layers.dropout({ rate: 0.3 }),
      layers.dense({ units: 2 }),
    ],
  });
}

export function separableModel(seed = 5): Sequential {
  setSeed(seed);
  return new Sequential({
    layers: [
      layers.separableConv2d({ filters: 4, kernelSize: 3, depthMultiplier: 2, padding: 'same', inputShape: [7, 7, 3] }),
      layers.activation({ activation: 'relu' }),
      layers.averagePooling2d({ poolSize: 2 }),
      layers.flatten(),
      layers.dense({ units: 2, activation: 'tanh' }),
    ],
  });
}

export function bidirectionalModel(seed = 4): Sequential {
  setSeed(seed);
  return new Sequential({
    layers: [
      layers.embedding({ inputDim: 12, outputDim: 4, inputLength: 5 }),
      layers.bidirectional({ layer: layers.lstm({ units: 3, returnSequences: true }) }),
      layers.lstm({ units: 2 }),
      layers.dense({ units: 2, activation: 'softmax' }),
    ],
  });
}

/** A custom layer (y = x·w + scale), for customLayers tests. */
export class ScaledDense extends Layer {
  static override className = 'ScaledDense';
  readonly units: number;
  readonly scale: number;
  w!: Variable;

  constructor(args: LayerArgs & { units: number; scale?: number }) {
    super(args);
    this.units = args.units;
    this.scale = args.scale ?? 1;
  }

  override build(inputShape: LayerShape): void {
    this.w = this.addWeight('w', [inputShape[inputShape.length - 1] as number, this.units]);
  }

  call(x: Tensor): Tensor {
    return ops.add(ops.matmul(x, this.w), this.scale);
  }

  override computeOutputShape(s: LayerShape): LayerShape {
    return [s[0], this.units];
  }

  override getConfig(): LayerConfig {
    return { ...super.getConfig(), units: this.units, scale: this.scale };
  }
}
