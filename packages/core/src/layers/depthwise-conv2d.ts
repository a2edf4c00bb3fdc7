/** DepthwiseConv2D: one filter bank per input channel (× depthMultiplier), bias + activation fused. */
import type { InitializerIdentifier, Initializer } from '../initializers/index.js';
import { checkActivation, fusedActivation, getActivation, type ActivationName } from '../ops/activations.js';
import { depthwiseConv2d } from '../ops/conv.js';
import { checkPadding, type Pair, type Padding } from '../ops/conv-geometry.js';
import type { Tensor } from '../tensor.js';
import type { Variable } from '../variable.js';
import { checkDataFormat, nulls, pair, positiveInt, resolveInitializer, serializeInitializer } from './config.js';
import { spatialOut } from './conv2d.js';
import { Layer, type LayerArgs, type LayerConfig, type LayerShape } from './layer.js';

export interface DepthwiseConv2DArgs extends LayerArgs {
  kernelSize: Pair;
  depthMultiplier?: number;
  strides?: Pair;
  padding?: Padding;
  dataFormat?: 'channels_last' | 'channelsLast';
  dilationRate?: Pair;
  activation?: ActivationName | string | null;
  useBias?: boolean;
  depthwiseInitializer?: InitializerIdentifier;
  biasInitializer?: InitializerIdentifier;
}

export class DepthwiseConv2D extends Layer {
  static override className = 'DepthwiseConv2D';
  readonly kernelSize: [number, number];
  readonly depthMultiplier: number;
  readonly strides: [number, number];
  readonly padding: Padding;
  readonly dilationRate: [number, number];
  readonly activation: ActivationName;
  readonly useBias: boolean;
  readonly depthwiseInitializer: Initializer;
  readonly biasInitializer: Initializer;
  depthwiseKernel: Variable | null = null;
  bias: Variable | null = null;

  constructor(args: DepthwiseConv2DArgs) {
    super(args);
    const where = `DepthwiseConv2D '${this.name}'`;
    this.kernelSize = pair(args?.kernelSize, 'kernelSize', where);
    this.depthMultiplier = positiveInt(args.depthMultiplier ?? 1, 'depthMultiplier', where);
    this.strides = pair(args.strides ?? 1, 'strides', where);
    this.padding = checkPadding(args.padding);
    this.dilationRate = pair(args.dilationRate ?? 1, 'dilationRate', where);
    checkDataFormat(args.dataFormat, where);
    this.activation = checkActivation(args.activation);
    this.useBias = args.useBias ?? true;
    this.depthwiseInitializer = resolveInitializer(args.depthwiseInitializer, 'glorot_uniform');
    this.biasInitializer = resolveInitializer(args.biasInitializer, 'zeros');
    this.inputSpec = { ndim: 4 };
  }

  override build(inputShape: LayerShape): void {
    const inC = inputShape[3] as number;
    this.depthwiseKernel = this.addWeight('depthwise_kernel', [...this.kernelSize, inC, this.depthMultiplier], this.depthwiseInitializer);
    if (this.useBias) this.bias = this.addWeight('bias', [inC * this.depthMultiplier], this.biasInitializer);
    this.inputSpec = { ndim: 4, axes: { [-1]: inC } };
    this.built = true;
  }

  call(input: Tensor): Tensor {
    const fused = fusedActivation(this.activation);
    const out = depthwiseConv2d(input, this.depthwiseKernel!, this.bias, { strides: this.strides, padding: this.padding, dilationRate: this.dilationRate }, fused ?? 0);
    return fused === null ? getActivation(this.activation)(out) : out;
  }

  override computeOutputShape(s: LayerShape): LayerShape {
    const c = s[3] === null ? null : s[3] * this.depthMultiplier;
    return [s[0], spatialOut(s[1], this.kernelSize[0], this.strides[0], this.dilationRate[0], this.padding), spatialOut(s[2], this.kernelSize[1], this.strides[1], this.dilationRate[1], this.padding), c];
  }

  override getConfig(): LayerConfig {
    return {
      kernel_size: [...this.kernelSize],
      strides: [...this.strides],
      padding: this.padding,
      data_format: 'channels_last',
      dilation_rate: [...this.dilationRate],
      activation: this.activation,
      use_bias: this.useBias,
      bias_initializer: serializeInitializer(this.biasInitializer),
      ...nulls('bias_regularizer', 'activity_regularizer', 'bias_constraint'),
      ...super.getConfig(),
      depth_multiplier: this.depthMultiplier,
      depthwise_initializer: serializeInitializer(this.depthwiseInitializer),
      ...nulls('depthwise_regularizer', 'depthwise_constraint'),
    };
  }
}
