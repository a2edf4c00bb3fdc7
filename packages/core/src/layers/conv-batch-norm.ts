/**
 * Inference with a BatchNormalization folded into the convolution before it. With its moving
 * statistics fixed, BatchNormalization is an affine map per channel, y = s·z + t with
 * s = γ/√(var + ε) and t = β − s·mean, so conv → BN is one convolution whose kernel has each output
 * channel scaled by s and whose bias is s·b + t: one kernel call, and no pass over the activation
 * (EfficientNet-Lite has 49 such pairs). The result agrees with the two layers to float32 rounding,
 * not bit for bit (the kernel is scaled before the sums instead of the sums after).
 *
 * The folded kernel and bias are kept per BatchNormalization layer and made again when any of the
 * six weights changes (their resident versions: `assign`, an optimizer step, loading weights).
 * An activation after the pair (MBConv's ReLU6) can be fused into the same kernel call.
 */
import { Activation, markResident, residentVersion } from '@neurite/kernels';
import { conv2d, depthwiseConv2d } from '../ops/conv.js';
import { isRecording } from '../tape.js';
import { Tensor } from '../tensor.js';
import type { Variable } from '../variable.js';
import type { BatchNormalization } from './batch-normalization.js';
import { Conv2D } from './conv2d.js';
import { DepthwiseConv2D } from './depthwise-conv2d.js';

interface Folded {
  versions: number[];
  kernel: Tensor;
  bias: Tensor;
}

const folded = new WeakMap<BatchNormalization, Folded>();

/**
 * act(bn(conv(x))) at inference as one convolution (act: a fused kernel activation, default none),
 * or null when the pair cannot be folded here: a tape records (training needs the two ops'
 * gradients), the convolution has an activation (BN then follows it), or a layer is not built.
 */
export function convBatchNormInfer(conv: Conv2D | DepthwiseConv2D, bn: BatchNormalization, x: Tensor, act: Activation = Activation.Linear): Tensor | null {
  const plain = conv instanceof Conv2D;
  const kernel = plain ? conv.kernel : conv.depthwiseKernel;
  if (isRecording() || conv.activation !== 'linear' || kernel === null || bn.movingMean === null || bn.movingVariance === null) return null;
  const outChannels = plain ? kernel.shape[3] : kernel.shape[2] * kernel.shape[3];
  if (outChannels !== bn.movingMean.size) return null; // not a pair (the BN normalises something else)
  const sources = [kernel, conv.bias, bn.gamma, bn.beta, bn.movingMean, bn.movingVariance];
  const versions = sources.map((v) => (v === null ? 0 : residentVersion(v.data)));
  if (versions.includes(-1)) return null; // not a registered Variable: no version to cache by
  let entry = folded.get(bn);
  if (entry === undefined || entry.versions.some((v, i) => v !== versions[i])) {
    entry = { versions, ...fold(kernel, conv.bias, bn) };
    folded.set(bn, entry);
  }
  const options = { strides: conv.strides, padding: conv.padding, dilationRate: conv.dilationRate };
  return (plain ? conv2d : depthwiseConv2d)(x, entry.kernel, entry.bias, options, act);
}

/** The folded kernel (each output channel scaled) and bias; computed in float64. */
function fold(kernel: Variable, bias: Variable | null, bn: BatchNormalization): { kernel: Tensor; bias: Tensor } {
  const channels = bn.movingMean!.size; // the conv's output channels (inC·multiplier for depthwise)
  const [mean, variance] = [bn.movingMean!.data, bn.movingVariance!.data];
  const s = Float64Array.from(variance, (v, c) => (bn.gamma ? bn.gamma.data[c] : 1) / Math.sqrt(v + bn.epsilon));
  const k = kernel.data;
  // HWIO (or HW·C·multiplier): the output channel is the flat index modulo the channel count.
  const scaled = new Float32Array(k.length);
  for (let i = 0; i < k.length; i++) scaled[i] = k[i] * s[i % channels];
  const shifted = new Float32Array(channels);
  for (let c = 0; c < channels; c++) shifted[c] = s[c] * ((bias ? bias.data[c] : 0) - mean[c]) + (bn.beta ? bn.beta.data[c] : 0);
  markResident(scaled); // a weight: kept in WASM memory between calls
  markResident(shifted);
  return { kernel: new Tensor(scaled, kernel.shape), bias: new Tensor(shifted, [channels]) };
}
