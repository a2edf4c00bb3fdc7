/**
 * MBConv, the inverted-residual block of MobileNetV2 and EfficientNet-Lite (no squeeze-excite):
 *   [1×1 expand conv → BN → ReLU6]   (left out when expandRatio is 1)
 *   k×k depthwise conv (stride s) → BN → ReLU6
 *   1×1 project conv → BN            (linear bottleneck: no activation)
 *   + the input, when the stride is 1 and the channel count is unchanged.
 * Convolutions have no bias (BN supplies it) and TF 'same' padding, as in Google's checkpoints.
 *
 * One layer holding its sub-layers, because a Sequential cannot express the residual add. The
 * expand width depends on the input's channel count, so the sub-layers are made in `build`.
 */
import { Activation, add, convBatchNormInfer, layers, Layer, markKeepsNoTensors, relu6, ValueError, type CallArgs, type LayerArgs, type LayerConfig, type LayerShape, type Tensor, type Variable } from '@neurite/core';

export interface MBConvArgs extends LayerArgs {
  /** Output channels. */
  filters: number;
  /** Expand width = input channels × expandRatio (1 = no expand conv). */
  expandRatio: number;
  kernelSize: number;
  strides?: number;
  /** BatchNormalization epsilon (EfficientNet-Lite: 1e-3). */
  epsilon?: number;
}

export class MBConv extends Layer {
  static override className = 'MBConv';
  readonly filters: number;
  readonly expandRatio: number;
  readonly kernelSize: number;
  readonly strides: number;
  readonly epsilon: number;
  // Each stage is [convolution, BatchNormalization]; made in build().
  private expand: [Layer, Layer] | null = null;
  private depthwise: [Layer, Layer] | null = null;
  private project: [Layer, Layer] | null = null;
  private residual = false;

  constructor(args: MBConvArgs) {
    super(args);
    const whole = (v: unknown, min: number) => Number.isInteger(v) && (v as number) >= min;
    if (!whole(args?.filters, 1)) throw new ValueError(`MBConv '${this.name}': filters must be a whole number ≥ 1, got ${String(args?.filters)}.`);
    if (!whole(args.expandRatio, 1)) throw new ValueError(`MBConv '${this.name}': expandRatio must be a whole number ≥ 1, got ${String(args.expandRatio)}.`);
    if (!whole(args.kernelSize, 1)) throw new ValueError(`MBConv '${this.name}': kernelSize must be a whole number ≥ 1, got ${String(args.kernelSize)}.`);
    if (!whole(args.strides ?? 1, 1)) throw new ValueError(`MBConv '${this.name}': strides must be a whole number ≥ 1, got ${String(args.strides)}.`);
    this.filters = args.filters;
    this.expandRatio = args.expandRatio;
    this.kernelSize = args.kernelSize;
    this.strides = args.strides ?? 1;
    this.epsilon = args.epsilon ?? 1e-3;
    this.inputSpec = { ndim: 4 };
  }

  override build(inputShape: LayerShape): void {
    const channels = inputShape[3];
    if (channels === null) throw new ValueError(`MBConv '${this.name}': the input's channel count must be known, got shape [${inputShape.join(', ')}].`);
    const p = this.name;
    const bn = (suffix: string) => layers.batchNormalization({ name: `${p}_${suffix}`, epsilon: this.epsilon });
    if (this.expandRatio !== 1) this.expand = [layers.conv2d({ name: `${p}_expand_conv`, filters: channels * this.expandRatio, kernelSize: 1, padding: 'same', useBias: false }), bn('expand_bn')];
    this.depthwise = [layers.depthwiseConv2d({ name: `${p}_dwconv`, kernelSize: this.kernelSize, strides: this.strides, padding: 'same', useBias: false }), bn('dw_bn')];
    this.project = [layers.conv2d({ name: `${p}_project_conv`, filters: this.filters, kernelSize: 1, padding: 'same', useBias: false }), bn('project_bn')];
    let shape = inputShape;
    for (const layer of this.subLayers) {
      layer.build(shape);
      layer.built = true;
      shape = layer.computeOutputShape(shape);
    }
    this.residual = this.strides === 1 && channels === this.filters;
    this.built = true;
  }

  call(input: Tensor, callArgs: CallArgs): Tensor {
    // A frozen block runs its BatchNormalizations in inference mode, as Keras does.
    const args = this.trainable ? callArgs : { ...callArgs, training: false };
    // conv → BN (→ ReLU6): at inference one convolution, the BN folded in and the ReLU6 fused.
    const stage = ([conv, bn]: [Layer, Layer], x: Tensor, withRelu6: boolean) => {
      const act = withRelu6 ? Activation.Relu6 : Activation.Linear;
      const folded = args.training ? null : convBatchNormInfer(conv as layers.Conv2D | layers.DepthwiseConv2D, bn as layers.BatchNormalization, x, act);
      if (folded !== null) return folded;
      const y = bn.apply(conv.apply(x, args), args);
      return withRelu6 ? relu6(y) : y;
    };
    let x = this.expand ? stage(this.expand, input, true) : input;
    x = stage(this.depthwise!, x, true);
    x = stage(this.project!, x, false);
    return this.residual ? add(x, input) : x;
  }

  override computeOutputShape(s: LayerShape): LayerShape {
    const side = (d: number | null) => (d === null ? null : Math.ceil(d / this.strides));
    return [s[0], side(s[1]), side(s[2]), this.filters];
  }

  /** The sub-layers in block order (expand, depthwise, project); empty before build. */
  private get subLayers(): Layer[] {
    return [this.expand, this.depthwise, this.project].flatMap((pair) => pair ?? []);
  }

  override get trainableWeights(): Variable[] {
    return this.trainable ? this.subLayers.flatMap((l) => l.trainableWeights) : [];
  }

  override get nonTrainableWeights(): Variable[] {
    return this.trainable ? this.subLayers.flatMap((l) => l.nonTrainableWeights) : this.weights;
  }

  override get weights(): Variable[] {
    return this.subLayers.flatMap((l) => l.weights);
  }

  override getConfig(): LayerConfig {
    return { ...super.getConfig(), filters: this.filters, expand_ratio: this.expandRatio, kernel_size: this.kernelSize, strides: this.strides, epsilon: this.epsilon };
  }
}

// call() keeps nothing but its inner layers' weights: models of MBConv blocks may recycle activations.
markKeepsNoTensors(MBConv);
