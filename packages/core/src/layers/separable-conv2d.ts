/** SeparableConv2D: a depthwise conv (no bias) then a 1×1 pointwise conv with bias + activation fused. */
import type { InitializerIdentifier, Initializer } from '../initializers/index.js';
import { conv2d, depthwiseConv2d } from '../ops/conv.js';
import type { Tensor } from '../tensor.js';
import type { Variable } from '../variable.js';
import { BaseConv, type BaseConvArgs } from './base-conv.js';
import { nulls, positiveInt, resolveInitializer, serializeInitializer } from './config.js';
import type { LayerConfig, LayerShape } from './layer.js';

export interface SeparableConv2DArgs extends BaseConvArgs {
  filters: number;
  depthMultiplier?: number;
  depthwiseInitializer?: InitializerIdentifier;
  pointwiseInitializer?: InitializerIdentifier;
}

export class SeparableConv2D extends BaseConv {
  static override className = 'SeparableConv2D';
  readonly filters: number;
  readonly depthMultiplier: number;
  readonly depthwiseInitializer: Initializer;
  readonly pointwiseInitializer: Initializer;
  depthwiseKernel: Variable | null = null;
  pointwiseKernel: Variable | null = null;

  constructor(args: SeparableConv2DArgs) {
    super(args, 'SeparableConv2D');
    const where = `SeparableConv2D '${this.name}'`;
    this.filters = positiveInt(args?.filters, 'filters', where);
    this.depthMultiplier = positiveInt(args.depthMultiplier ?? 1, 'depthMultiplier', where);
    this.depthwiseInitializer = resolveInitializer(args.depthwiseInitializer, 'glorot_uniform');
    this.pointwiseInitializer = resolveInitializer(args.pointwiseInitializer, 'glorot_uniform');
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
    const fused = this.fused();
    return this.activate(conv2d(depthwise, this.pointwiseKernel!, this.bias, {}, fused ?? 0), fused);
  }

  override computeOutputShape(s: LayerShape): LayerShape {
    return this.outputShapeWith(s, this.filters);
  }

  override getConfig(): LayerConfig {
    return {
      filters: this.filters,
      ...this.baseConvConfig(),
      depth_multiplier: this.depthMultiplier,
      depthwise_initializer: serializeInitializer(this.depthwiseInitializer),
      pointwise_initializer: serializeInitializer(this.pointwiseInitializer),
      ...nulls('depthwise_regularizer', 'pointwise_regularizer', 'depthwise_constraint', 'pointwise_constraint'),
    };
  }
}
