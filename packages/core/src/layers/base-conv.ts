/**
 * What Conv2D, DepthwiseConv2D and SeparableConv2D share (Keras' `Conv` base): the window
 * geometry, the activation, the bias, their config keys and the output shape.
 */
import type { InitializerIdentifier, Initializer } from '../initializers/index.js';
import { checkActivation, fusedActivation, getActivation, type ActivationName } from '../ops/activations.js';
import { checkPadding, convOutSize, type Pair, type Padding } from '../ops/conv-geometry.js';
import type { Tensor } from '../tensor.js';
import type { Variable } from '../variable.js';
import { checkDataFormat, nulls, pair, resolveInitializer, serializeInitializer } from './config.js';
import { Layer, type LayerArgs, type LayerConfig, type LayerShape } from './layer.js';

export interface BaseConvArgs extends LayerArgs {
  kernelSize: Pair;
  strides?: Pair;
  padding?: Padding;
  dataFormat?: 'channels_last' | 'channelsLast';
  dilationRate?: Pair;
  activation?: ActivationName | string | null;
  useBias?: boolean;
  biasInitializer?: InitializerIdentifier;
}

/** Spatial output size of a conv/pool layer, or null where the input size is unknown. */
export function spatialOut(size: number | null, filter: number, stride: number, dilation: number, padding: Padding): number | null {
  return size === null ? null : convOutSize(size, filter, stride, dilation, padding);
}

export abstract class BaseConv extends Layer {
  readonly kernelSize: [number, number];
  readonly strides: [number, number];
  readonly padding: Padding;
  readonly dilationRate: [number, number];
  readonly activation: ActivationName;
  readonly useBias: boolean;
  readonly biasInitializer: Initializer;
  bias: Variable | null = null;

  constructor(args: BaseConvArgs, className: string) {
    super(args);
    const where = `${className} '${this.name}'`;
    this.kernelSize = pair(args?.kernelSize, 'kernelSize', where);
    this.strides = pair(args.strides ?? 1, 'strides', where);
    this.padding = checkPadding(args.padding);
    this.dilationRate = pair(args.dilationRate ?? 1, 'dilationRate', where);
    checkDataFormat(args.dataFormat, where);
    this.activation = checkActivation(args.activation);
    this.useBias = args.useBias ?? true;
    this.biasInitializer = resolveInitializer(args.biasInitializer, 'zeros');
    this.inputSpec = { ndim: 4 };
  }

  /** The kernel's fused activation code (0 = none), or null when the activation runs as its own op. */
  protected fused(): number | null {
    return fusedActivation(this.activation);
  }

  /** Applies the activation unless the kernel already did (`fused` not null). */
  protected activate(out: Tensor, fused: number | null): Tensor {
    return fused === null ? getActivation(this.activation)(out) : out;
  }

  /** [batch, outHeight, outWidth, channels] for an input shape. */
  protected outputShapeWith(s: LayerShape, channels: number | null): LayerShape {
    const [kh, kw] = this.kernelSize;
    return [s[0], spatialOut(s[1], kh, this.strides[0], this.dilationRate[0], this.padding), spatialOut(s[2], kw, this.strides[1], this.dilationRate[1], this.padding), channels];
  }

  /** The config keys every conv layer writes, as tfjs-layers names them. */
  protected baseConvConfig(): LayerConfig {
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
    };
  }
}
