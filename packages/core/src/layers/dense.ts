/** Dense (fully connected): act(x · kernel + bias) on the last axis, one fused kernel. */
import { ShapeError, formatShape } from '../errors.js';
import type { InitializerIdentifier, Initializer } from '../initializers/index.js';
import { checkActivation, fusedActivation, getActivation, type ActivationName } from '../ops/activations.js';
import { dense } from '../ops/matmul.js';
import type { Tensor } from '../tensor.js';
import type { Variable } from '../variable.js';
import { nulls, positiveInt, resolveInitializer, serializeInitializer } from './config.js';
import { Layer, type LayerArgs, type LayerConfig, type LayerShape } from './layer.js';

export interface DenseArgs extends LayerArgs {
  units: number;
  activation?: ActivationName | string | null;
  useBias?: boolean;
  kernelInitializer?: InitializerIdentifier;
  biasInitializer?: InitializerIdentifier;
  /** Keras shorthand for inputShape [inputDim]. */
  inputDim?: number;
}

export class Dense extends Layer {
  static override className = 'Dense';
  readonly units: number;
  readonly activation: ActivationName;
  readonly useBias: boolean;
  readonly kernelInitializer: Initializer;
  readonly biasInitializer: Initializer;
  kernel: Variable | null = null;
  bias: Variable | null = null;

  constructor(args: DenseArgs) {
    super(args.inputDim !== undefined && args.inputShape === undefined && args.batchInputShape === undefined ? { ...args, inputShape: [args.inputDim] } : args);
    this.units = positiveInt(args?.units, 'units', `Dense '${this.name}'`);
    this.activation = checkActivation(args.activation);
    this.useBias = args.useBias ?? true;
    this.kernelInitializer = resolveInitializer(args.kernelInitializer, 'glorot_uniform');
    this.biasInitializer = resolveInitializer(args.biasInitializer, 'zeros');
    this.inputSpec = { minNdim: 2 };
  }

  override build(inputShape: LayerShape): void {
    const inDim = inputShape[inputShape.length - 1];
    if (inDim === null) throw new ShapeError(`Dense '${this.name}' needs a known last input dimension, got ${formatShape(inputShape)}.`);
    this.kernel = this.addWeight('kernel', [inDim, this.units], this.kernelInitializer);
    if (this.useBias) this.bias = this.addWeight('bias', [this.units], this.biasInitializer);
    this.inputSpec = { minNdim: 2, axes: { [-1]: inDim } };
    this.built = true;
  }

  call(input: Tensor): Tensor {
    const fused = fusedActivation(this.activation);
    const out = dense(input, this.kernel!, this.bias, fused ?? 0);
    return fused === null ? getActivation(this.activation)(out) : out;
  }

  override computeOutputShape(inputShape: LayerShape): LayerShape {
    return [...inputShape.slice(0, -1), this.units];
  }

  override getConfig(): LayerConfig {
    return {
      units: this.units,
      activation: this.activation,
      use_bias: this.useBias,
      kernel_initializer: serializeInitializer(this.kernelInitializer),
      bias_initializer: serializeInitializer(this.biasInitializer),
      ...nulls('kernel_regularizer', 'bias_regularizer', 'activity_regularizer', 'kernel_constraint', 'bias_constraint'),
      ...super.getConfig(),
    };
  }
}
