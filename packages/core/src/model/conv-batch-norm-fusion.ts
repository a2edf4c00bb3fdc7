/**
 * Sequential's inference fusion of Conv2D / DepthwiseConv2D → BatchNormalization (→ Activation
 * 'relu' or 'relu6'), the Keras pattern of most image networks: one convolution with the
 * BatchNormalization folded into its kernel and bias and the activation fused
 * (`convBatchNormInfer`, layers/conv-batch-norm.ts). Inference only (no tape recording); the result
 * agrees with the layers one by one to float32 rounding. The rule is kept narrow:
 * - exactly Conv2D or DepthwiseConv2D (not a subclass) with activation 'linear', already built;
 * - exactly BatchNormalization, already built;
 * - then, optionally, exactly an Activation layer with 'relu' or 'relu6'.
 */
import { Activation } from '@neurite/kernels';
import { ActivationLayer } from '../layers/activation.js';
import { BatchNormalization } from '../layers/batch-normalization.js';
import { convBatchNormInfer } from '../layers/conv-batch-norm.js';
import { Conv2D } from '../layers/conv2d.js';
import { DepthwiseConv2D } from '../layers/depthwise-conv2d.js';
import { assertLayerInput, type Layer } from '../layers/layer.js';
import type { Tensor } from '../tensor.js';

const FUSED = { relu: Activation.Relu, relu6: Activation.Relu6 } as const;

/**
 * The output of layers[i..] run as one fused convolution on x and how many layers that covered
 * (2 or 3), or null when layers[i] does not start such a run (the caller applies it alone).
 */
export function applyConvBatchNorm(layers: readonly Layer[], i: number, x: Tensor): { out: Tensor; layers: number } | null {
  const [conv, bn, next]: (Layer | undefined)[] = [layers[i], layers[i + 1], layers[i + 2]];
  const exactly = (layer: Layer | undefined, ...classes: unknown[]) => layer !== undefined && layer.built && classes.includes(layer.constructor);
  if (!exactly(conv, Conv2D, DepthwiseConv2D) || !exactly(bn, BatchNormalization)) return null;
  const name = next?.constructor === ActivationLayer ? (next as ActivationLayer).activation : null; // built or not: it has no weights
  const act = name === 'relu' || name === 'relu6' ? FUSED[name] : null;
  assertLayerInput(conv!, x.shape);
  const out = convBatchNormInfer(conv as Conv2D | DepthwiseConv2D, bn as BatchNormalization, x, act ?? Activation.Linear);
  return out === null ? null : { out, layers: act === null ? 2 : 3 };
}
