/**
 * Bidirectional wrapper for LSTM: runs a forward copy and a goBackwards copy of the layer and
 * merges them (Keras merge_mode 'concat' by default; 'sum', 'mul', 'ave' also). With
 * returnSequences, the backward outputs are flipped back into time order (Keras).
 */
import { ValueError } from '../errors.js';
import { add, mul } from '../ops/arithmetic.js';
import { concat, reverse } from '../ops/shape.js';
import { scale } from '../ops/unary.js';
import type { Tensor } from '../tensor.js';
import { Layer, type CallArgs, type LayerArgs, type LayerConfig, type LayerShape } from './layer.js';
import { LSTM } from './lstm.js';

export type MergeMode = 'concat' | 'sum' | 'mul' | 'ave';

export interface BidirectionalArgs extends LayerArgs {
  layer: LSTM;
  mergeMode?: MergeMode;
}

export class Bidirectional extends Layer {
  static override className = 'Bidirectional';
  readonly forwardLayer: LSTM;
  readonly backwardLayer: LSTM;
  readonly mergeMode: MergeMode;

  constructor(args: BidirectionalArgs) {
    super(args);
    if (!(args?.layer instanceof LSTM)) throw new ValueError(`Bidirectional '${this.name}': 'layer' must be an LSTM layer (e.g. layers.lstm({units: 32})).`);
    const mode = args.mergeMode ?? 'concat';
    if (!['concat', 'sum', 'mul', 'ave'].includes(mode)) throw new ValueError(`Bidirectional '${this.name}': mergeMode must be 'concat', 'sum', 'mul' or 'ave', got '${mode}'.`);
    this.mergeMode = mode;
    this.forwardLayer = args.layer;
    const config = args.layer.getConfig();
    this.backwardLayer = new LSTM({
      name: `backward_${args.layer.name}`,
      units: args.layer.units,
      activation: args.layer.activation,
      recurrentActivation: args.layer.recurrentActivation,
      useBias: args.layer.useBias,
      unitForgetBias: args.layer.unitForgetBias,
      dropout: args.layer.dropout,
      returnSequences: args.layer.returnSequences,
      goBackwards: !args.layer.goBackwards,
      kernelInitializer: config.kernel_initializer as never,
      recurrentInitializer: config.recurrent_initializer as never,
      biasInitializer: config.bias_initializer as never,
    });
    this.inputSpec = { ndim: 3 };
  }

  override build(inputShape: LayerShape): void {
    this.forwardLayer.build(inputShape);
    this.forwardLayer.built = true;
    this.backwardLayer.build(inputShape);
    this.backwardLayer.built = true;
    this.built = true;
  }

  call(input: Tensor, args: CallArgs): Tensor {
    const f = this.forwardLayer.apply(input, args);
    let b = this.backwardLayer.apply(input, args);
    if (this.forwardLayer.returnSequences) b = reverse(b, 1);
    switch (this.mergeMode) {
      case 'sum': return add(f, b);
      case 'mul': return mul(f, b);
      case 'ave': return scale(add(f, b), 0.5);
      default: return concat([f, b], -1);
    }
  }

  // Weights: forward layer's, then backward layer's (TF.js order).
  override get trainableWeights() {
    return this.trainable ? [...this.forwardLayer.trainableWeights, ...this.backwardLayer.trainableWeights] : [];
  }

  override get nonTrainableWeights() {
    return this.trainable ? [] : [...this.forwardLayer.weights, ...this.backwardLayer.weights];
  }

  override get weights() {
    return [...this.forwardLayer.weights, ...this.backwardLayer.weights];
  }

  override computeOutputShape(s: LayerShape): LayerShape {
    const out = this.forwardLayer.computeOutputShape(s);
    if (this.mergeMode !== 'concat') return out;
    const last = out[out.length - 1];
    return [...out.slice(0, -1), last === null ? null : last * 2];
  }

  override getConfig(): LayerConfig {
    return {
      merge_mode: this.mergeMode,
      layer: { class_name: 'LSTM', config: this.forwardLayer.getConfig() },
      ...super.getConfig(),
    };
  }
}
