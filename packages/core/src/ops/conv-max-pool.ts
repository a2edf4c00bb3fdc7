/** Inference-only fused conv2d (+ bias + activation) → 2×2, stride-2, 'valid' max pooling. */
import type { Activation } from '@neurite/kernels';
import { ValueError } from '../errors.js';
import { isRecording } from '../tape.js';
import { Tensor } from '../tensor.js';
import type { ConvOptions } from './conv.js';
import { conv2dInfo, toPair } from './conv-geometry.js';
import { f32, kernel } from './kernel.js';

/**
 * maxPool(conv2d(x, filter, bias, options, act), 2, 2, 'valid') in one kernel call, bit-identical
 * to the two ops, without the full-size conv output ever leaving WASM memory. Not differentiable
 * (nothing is recorded): it throws while a tape records. Returns null when the conv output is
 * smaller than the 2×2 window, so the caller runs the unfused ops and gets their error.
 */
export function conv2dMaxPool(x: Tensor, filter: Tensor, bias: Tensor | null, options: ConvOptions, act: Activation): Tensor | null {
  if (isRecording()) throw new ValueError('conv2dMaxPool is inference-only: it records no gradient, so it cannot run while a gradient tape records.');
  if (filter.rank !== 4 || x.rank !== 4 || x.shape[3] !== filter.shape[2]) return null;
  const info = conv2dInfo(x.shape, [filter.shape[0], filter.shape[1]], toPair(options.strides ?? 1, 'strides'), toPair(options.dilationRate ?? 1, 'dilationRate'), options.padding ?? 'valid', filter.shape[3], 'conv2d');
  if (info.outH < 2 || info.outW < 2) return null;
  const shape = [info.batch, Math.floor(info.outH / 2), Math.floor(info.outW / 2), info.outC];
  const out = new Float32Array(shape[0] * shape[1] * shape[2] * shape[3]);
  kernel('conv2dMaxPool')(f32(x), f32(filter), bias ? f32(bias) : null, out, info, act);
  return new Tensor(out, shape);
}
