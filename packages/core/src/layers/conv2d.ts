/** Conv2D (NHWC, HWIO kernel) with bias and activation fused into one kernel call. */
import type { InitializerIdentifier, Initializer } from '../initializers/index.js';
import { conv2d } from '../ops/conv.js';
import type { Tensor } from '../tensor.js';
import type { Variable } from '../variable.js';
import { BaseConv, type BaseConvArgs } from './base-conv.js';
import { nulls, positiveInt, resolveInitializer, serializeInitializer } from './config.js';
import type { LayerConfig, LayerShape } from './layer.js';

export interface Conv2DArgs extends BaseConvArgs {
  filters: number;
  kernelInitializer?: InitializerIdentifier;
}

export class Conv2D extends BaseConv {
  static override className = 'Conv2D';
  readonly filters: number;
  readonly kernelInitializer: Initializer;
  kernel: Variable | null = null;

  constructor(args: Conv2DArgs) {
    super(args, 'Conv2D');
    this.filters = positiveInt(args?.filters, 'filters', `Conv2D '${this.name}'`);
    this.kernelInitializer = resolveInitializer(args.kernelInitializer, 'glorot_uniform');
  }

  override build(inputShape: LayerShape): void {
    const inC = inputShape[3] as number;
    this.kernel = this.addWeight('kernel', [...this.kernelSize, inC, this.filters], this.kernelInitializer);
    if (this.useBias) this.bias = this.addWeight('bias', [this.filters], this.biasInitializer);
    this.inputSpec = { ndim: 4, axes: { [-1]: inC } };
    this.built = true;
  }

  call(input: Tensor): Tensor {
    const fused = this.fused();
    return this.activate(conv2d(input, this.kernel!, this.bias, { strides: this.strides, padding: this.padding, dilationRate: this.dilationRate }, fused ?? 0), fused);
  }

  override computeOutputShape(s: LayerShape): LayerShape {
    return this.outputShapeWith(s, this.filters);
  }

  override getConfig(): LayerConfig {
    return {
      filters: this.filters,
      kernel_initializer: serializeInitializer(this.kernelInitializer),
      ...nulls('kernel_regularizer', 'kernel_constraint'),
      ...this.baseConvConfig(),
    };
  }
}
