/** DepthwiseConv2D: one filter bank per input channel (× depthMultiplier), bias + activation fused. */
import type { InitializerIdentifier, Initializer } from '../initializers/index.js';
import { depthwiseConv2d } from '../ops/conv.js';
import type { Tensor } from '../tensor.js';
import type { Variable } from '../variable.js';
import { BaseConv, type BaseConvArgs } from './base-conv.js';
import { nulls, positiveInt, resolveInitializer, serializeInitializer } from './config.js';
import type { LayerConfig, LayerShape } from './layer.js';

export interface DepthwiseConv2DArgs extends BaseConvArgs {
  depthMultiplier?: number;
  depthwiseInitializer?: InitializerIdentifier;
}

export class DepthwiseConv2D extends BaseConv {
  static override className = 'DepthwiseConv2D';
  readonly depthMultiplier: number;
  readonly depthwiseInitializer: Initializer;
  depthwiseKernel: Variable | null = null;

  constructor(args: DepthwiseConv2DArgs) {
    super(args, 'DepthwiseConv2D');
    this.depthMultiplier = positiveInt(args.depthMultiplier ?? 1, 'depthMultiplier', `DepthwiseConv2D '${this.name}'`);
    this.depthwiseInitializer = resolveInitializer(args.depthwiseInitializer, 'glorot_uniform');
  }

  override build(inputShape: LayerShape): void {
    const inC = inputShape[3] as number;
    this.depthwiseKernel = this.addWeight('depthwise_kernel', [...this.kernelSize, inC, this.depthMultiplier], this.depthwiseInitializer);
    if (this.useBias) this.bias = this.addWeight('bias', [inC * this.depthMultiplier], this.biasInitializer);
    this.inputSpec = { ndim: 4, axes: { [-1]: inC } };
    this.built = true;
  }

  call(input: Tensor): Tensor {
    const fused = this.fused();
    return this.activate(depthwiseConv2d(input, this.depthwiseKernel!, this.bias, { strides: this.strides, padding: this.padding, dilationRate: this.dilationRate }, fused ?? 0), fused);
  }

  override computeOutputShape(s: LayerShape): LayerShape {
    return this.outputShapeWith(s, s[3] === null ? null : s[3] * this.depthMultiplier);
  }

  override getConfig(): LayerConfig {
    return {
      ...this.baseConvConfig(),
      depth_multiplier: this.depthMultiplier,
      depthwise_initializer: serializeInitializer(this.depthwiseInitializer),
      ...nulls('depthwise_regularizer', 'depthwise_constraint'),
    };
  }
}
