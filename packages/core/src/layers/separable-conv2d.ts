/** SeparableConv2D: a depthwise conv (no bias) then a 1×1 pointwise conv with bias + activation fused. */
import type { InitializerIdentifier, Initializer } from '../initializers/index.js';
import { checkActivation, fusedActivation, getActivation, type ActivationName } from '../ops/activations.js';
import { conv2d, depthwiseConv2d } from '../ops/conv.js';
import { checkPadding, type Pair, type Padding } from '../ops/conv-geometry.js';
import type { Tensor } from '../tensor.js';
import type { Variable } from '../variable.js';
import { checkDataFormat, nulls, pair, positiveInt, resolveInitializer, serializeInitializer } from './config.js';
import { spatialOut } from './conv2d.js';
import { Layer, type LayerArgs, type LayerConfig, type LayerShape } from './layer.js';

export interface SeparableConv2DArgs extends LayerArgs {
  filters: number;
  kernelSize: Pair;
  depthMultiplier?: number;
  strides?: Pair;
  padding?: Padding;
  dataFormat?: 'channels_last' | 'channelsLast';
  dilationRate?: Pair;
  activation?: ActivationName | string | null;
  useBias?: boolean;
  depthwiseInitializer?: InitializerIdentifier;
  pointwiseInitializer?: InitializerIdentifier;
  biasInitializer?: InitializerIdentifier;
}

export class SeparableConv2D extends Layer {
  static override className = 'SeparableConv2D';
  readonly filters: number;
  readonly kernelSize: [number, number];
  readonly depthMultiplier: number;
  readonly strides: [number, number];
  readonly padding: Padding;
  readonly dilationRate: [number, number];
  readonly activation: ActivationName;
  readonly useBias: boolean;
  readonly depthwiseInitializer: Initializer;
  readonly pointwiseInitializer: Initializer;
  readonly biasInitializer: Initializer;
  depthwiseKernel: Variable | null = null;
  pointwiseKernel: Variable | null = null;
  bias: Variable | null = null;

  constructor(args: SeparableConv2DArgs) {
    super(args);
    const where = `SeparableConv2D '${this.name}'`;
    this.filters = positiveInt(args?.filters, 'filters', where);
    this.kernelSize = pair(args.kernelSize, 'kernelSize', where);
    this.depthMultiplier = positiveInt(args.depthMultiplier ?? 1, 'depthMultiplier', where);
    this.strides = pair(args.strides ?? 1, 'strides', where);
    this.padding = checkPadding(args.padding);
    this.dilationRate = pair(args.dilationRate ?? 1, 'dilationRate', where);
    checkDataFormat(args.dataFormat, where);
    this.activation = checkActivation(args.activation);
    this.useBias = args.useBias ?? true;
    this.depthwiseInitializer = resolveInitializer(args.depthwiseInitializer, 'glorot_uniform');
    this.pointwiseInitializer = resolveInitializer(args.pointwiseInitializer, 'glorot_uniform');
    this.biasInitializer = resolveInitializer(args.biasInitializer, 'zeros');
    this.inputSpec = { ndim: 4 };
  }

  override build(inputShape: LayerShape): void {
    const inC = inputShape[3] as number;
    this.depthwiseKernel = this.addWeight('depthwise_kernel', [...this.kernelSize, inC, this.depthMultiplier], this.depthwiseInitializer);
    this.pointwiseKernel = this.addWeight('pointwise_kernel', [1, 1, inC * this.depthMultiplier, this.filters], this.pointwiseInitializer);
    if (this.useBias) this.bias = this.addWeight('bias', [this.filters], this.biasInitializer);
    this.inputSpec = { ndim: 4, axes: { [-1]: inC } };
    this.built = true;
  }

  call(input: Tensor): Tensor {
    const depthwise = depthwiseConv2d(input, this.depthwiseKernel!, null, { strides: this.strides, padding: this.padding, dilationRate: this.dilationRate });
    const fused = fusedActivation(this.activation);
    const out = conv2d(depthwise, this.pointwiseKernel!, this.bias, {}, fused ?? 0);
    return fused === null ? getActivation(this.activation)(out) : out;
  }

  override computeOutputShape(s: LayerShape): LayerShape {
    return [s[0], spatialOut(s[1], this.kernelSize[0], this.strides[0], this.dilationRate[0], this.padding), spatialOut(s[2], this.kernelSize[1], this.strides[1], this.dilationRate[1], this.padding), this.filters];
  }

  override getConfig(): LayerConfig {
    return {
      filters: this.filters,
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
      pointwise_initializer: serializeInitializer(this.pointwiseInitializer),
      ...nulls('depthwise_regularizer', 'pointwise_regularizer', 'depthwise_constraint', 'pointwise_constraint'),
    };
  }
}
