/**
 * Sequential's conv fusion: a Conv2D directly followed by a MaxPooling2D runs as one kernel, so
 * the full-size conv output (90 MB for the seed CNN's first layer at batch 32) is never copied out
 * of WASM memory and back. In inference that is conv2dMaxPool; while a gradient tape records
 * (training) it is conv2dMaxPoolTrain, which keeps only each window's winning tap for its backward.
 * Outputs and gradients are bit-identical to running the two layers; the rule is kept narrow so
 * that is obvious:
 * - exactly Conv2D (not a subclass) with activation 'relu' or 'linear', already built;
 * - exactly MaxPooling2D with poolSize 2, strides 2, padding 'valid', already built.
 */
import { Activation } from '@neurite/kernels';
import { Conv2D } from '../layers/conv2d.js';
import { assertLayerInput, type Layer } from '../layers/layer.js';
import { MaxPooling2D } from '../layers/pooling2d.js';
import { conv2dMaxPool, conv2dMaxPoolTrain } from '../ops/conv-max-pool.js';
import { isRecording } from '../tape.js';
import type { Tensor } from '../tensor.js';

/** True when `layer` then `next` may run as one fused conv + pool call (see above). */
export function fusesWithPool(layer: Layer, next: Layer | undefined): boolean {
  if (next === undefined || layer.constructor !== Conv2D || next.constructor !== MaxPooling2D) return false;
  const conv = layer as Conv2D;
  const pool = next as MaxPooling2D;
  const twos = (p: readonly number[]) => p[0] === 2 && p[1] === 2;
  return conv.built && pool.built && conv.kernel !== null && (conv.activation === 'relu' || conv.activation === 'linear') &&
    twos(pool.poolSize) && twos(pool.strides) && pool.padding === 'valid';
}

/**
 * The fused pair's output for x (recorded on the tape when one records), or null when the conv
 * output is too small to pool (the caller then applies the layers one by one and gets their
 * error). Checks x as conv.apply would.
 */
export function applyConvPool(layer: Layer, x: Tensor): Tensor | null {
  const conv = layer as Conv2D;
  assertLayerInput(conv, x.shape);
  const options = { strides: conv.strides, padding: conv.padding, dilationRate: conv.dilationRate };
  const act = conv.activation === 'relu' ? Activation.Relu : Activation.Linear;
  return isRecording() ? conv2dMaxPoolTrain(x, conv.kernel!, conv.bias, options, act) : conv2dMaxPool(x, conv.kernel!, conv.bias, options, act);
}
