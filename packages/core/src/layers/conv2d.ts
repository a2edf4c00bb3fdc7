/** Conv2D (NHWC, HWIO kernel) with bias and activation fused into one kernel call. */
import type { InitializerIdentifier, Initializer } from '../initializers/index.js';
import { checkActivation, fusedActivation, getActivation, type ActivationName } from '../ops/activations.js';
import { conv2d } from '../ops/conv.js';
import { checkPadding, convOutSize, type Pair, type Padding } from '../ops/conv-geometry.js';
import type { Tensor } from '../tensor.js';
import type { Variable } from '../variable.js';
import { checkDataFormat, nulls, pair, positiveInt, resolveInitializer, serializeInitializer } from './config.js';
import { Layer, type LayerArgs, type LayerConfig, type LayerShape } from './layer.js';

export interface Conv2DArgs extends LayerArgs {
  filters: number;
  kernelSize: Pair;
  strides?: Pair;
  padding?: Padding;
  dataFormat?: 'channels_last' | 'channelsLast';
  dilationRate?: Pair;
  activation?: ActivationName | string | null;
  useBias?: boolean;
  kernelInitializer?: InitializerIdentifier;
  biasInitializer?: InitializerIdentifier;
}

/** Spatial output size of a conv/pool layer, or null where the input size is unknown. */
export function spatialOut(size: number | null, filter: number, stride: number, dilation: number, padding: Padding): number | null {
  return size === null ? null : convOutSize(size, filter, stride, dilation, padding);
}

export class Conv2D extends Layer {
  static override className = 'Conv2D';
  readonly filters: number;
  readonly kernelSize: [number, number];
  readonly strides: [number, number];
  readonly padding: Padding;
  readonly dilationRate: [number, number];
  readonly activation: ActivationName;
  readonly useBias: boolean;
  readonly kernelInitializer: Initializer;
  readonly biasInitializer: Initializer;
  kernel: Variable | null = null;
  bias: Variable | null = null;

  constructor(args: Conv2DArgs) {
    super(args);
    const where = `Conv2D '${this.name}'`;
    this.filters = positiveInt(args?.filters, 'filters', where);
    this.kernelSize = pair(args.kernelSize, 'kernelSize', where);
    this.strides = pair(args.strides ?? 1, 'strides', where);
    this.padding = checkPadding(args.padding);
    this.dilationRate = pair(args.dilationRate ?? 1, 'dilationRate', where);
    checkDataFormat(args.dataFormat, where);
    this.activation = checkActivation(args.activation);
    this.useBias = args.useBias ?? true;
    this.kernelInitializer = resolveInitializer(args.kernelInitializer, 'glorot_uniform');
    this.biasInitializer = resolveInitializer(args.biasInitializer, 'zeros');
    this.inputSpec = { ndim: 4 };
  }

  override build(inputShape: LayerShape): void {
    const inC = inputShape[3] as number;
    this.kernel = this.addWeight('kernel', [...this.kernelSize, inC, this.filters], this.kernelInitializer);
    if (this.useBias) this.bias = this.addWeight('bias', [this.filters], this.biasInitializer);
    this.inputSpec = { ndim: 4, axes: { [-1]: inC } };
    this.built = true;
  }

  call(input: Tensor): Tensor {
    const fused = fusedActivation(this.activation);
    const out = conv2d(input, this.kernel!, this.bias, { strides: this.strides, padding: this.padding, dilationRate: this.dilationRate }, fused ?? 0);
    return fused === null ? getActivation(this.activation)(out) : out;
  }

  override computeOutputShape(s: LayerShape): LayerShape {
    return [s[0], spatialOut(s[1], this.kernelSize[0], this.strides[0], this.dilationRate[0], this.padding), spatialOut(s[2], this.kernelSize[1], this.strides[1], this.dilationRate[1], this.padding), this.filters];
  }

  override getConfig(): LayerConfig {
    return {
      filters: this.filters,
      kernel_initializer: serializeInitializer(this.kernelInitializer),
      kernel_size: [...this.kernelSize],
      strides: [...this.strides],
      padding: this.padding,
      data_format: 'channels_last',
      dilation_rate: [...this.dilationRate],
      activation: this.activation,
      use_bias: this.useBias,
      bias_initializer: serializeInitializer(this.biasInitializer),
      ...nulls('kernel_regularizer', 'kernel_constraint', 'bias_regularizer', 'activity_regularizer', 'bias_constraint'),
      ...super.getConfig(),
    };
  }
}
