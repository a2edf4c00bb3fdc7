/** Fused conv2d (+ bias + activation) → 2×2, stride-2, 'valid' max pooling: inference and training forms. */
import { Activation } from '@neurite/kernels';
import { ValueError } from '../errors.js';
import { activationArray } from '../activation-pool.js';
import { gradientArray, isRecording, record } from '../tape.js';
import { Tensor } from '../tensor.js';
import type { ConvOptions } from './conv.js';
import { conv2dInfo, toPair } from './conv-geometry.js';
import { f32, kernel } from './kernel.js';

/** The convolution's geometry, or null when x and filter do not fit or its output is smaller than the 2×2 window. */
function fusedInfo(x: Tensor, filter: Tensor, options: ConvOptions) {
  if (filter.rank !== 4 || x.rank !== 4 || x.shape[3] !== filter.shape[2]) return null;
  const info = conv2dInfo(x.shape, [filter.shape[0], filter.shape[1]], toPair(options.strides ?? 1, 'strides'), toPair(options.dilationRate ?? 1, 'dilationRate'), options.padding ?? 'valid', filter.shape[3], 'conv2d');
  return info.outH < 2 || info.outW < 2 ? null : info;
}

/**
 * maxPool(conv2d(x, filter, bias, options, act), 2, 2, 'valid') in one kernel call, bit-identical
 * to the two ops, without the full-size conv output ever leaving WASM memory. Not differentiable
 * (nothing is recorded): it throws while a tape records. Returns null when the conv output is
 * smaller than the 2×2 window, so the caller runs the unfused ops and gets their error.
 */
export function conv2dMaxPool(x: Tensor, filter: Tensor, bias: Tensor | null, options: ConvOptions, act: Activation): Tensor | null {
  if (isRecording()) throw new ValueError('conv2dMaxPool is inference-only: it records no gradient, so it cannot run while a gradient tape records.');
  const info = fusedInfo(x, filter, options);
  if (info === null) return null;
  const shape = [info.batch, Math.floor(info.outH / 2), Math.floor(info.outW / 2), info.outC];
  const out = activationArray(shape[0] * shape[1] * shape[2] * shape[3]); // the kernel writes every element
  kernel('conv2dMaxPool')(f32(x), f32(filter), bias ? f32(bias) : null, out, info, act);
  return new Tensor(out, shape);
}

/**
 * The differentiable form for training (act Linear or Relu): the same pooled output, recorded on
 * the tape with a backward that routes the pooled gradient through the winning taps and computes
 * the conv's gradients in one kernel call, equal to maxPool's then conv2d's backward. Per pooled
 * element only its winning tap (an int) is kept, not the full-size conv output. Returns null as
 * conv2dMaxPool does.
 */
export function conv2dMaxPoolTrain(x: Tensor, filter: Tensor, bias: Tensor | null, options: ConvOptions, act: Activation.Linear | Activation.Relu): Tensor | null {
  const info = fusedInfo(x, filter, options);
  if (info === null) return null;
  const shape = [info.batch, Math.floor(info.outH / 2), Math.floor(info.outW / 2), info.outC];
  const n = shape[0] * shape[1] * shape[2] * shape[3];
  const xd = f32(x);
  const fd = f32(filter);
  const out = activationArray(n);
  // Read only by the backward pass, so it may be recycled too (as maxPool's argmax).
  const tapsSpace = activationArray(n);
  const taps = new Int32Array(tapsSpace.buffer, tapsSpace.byteOffset, n);
  kernel('conv2dMaxPoolTrain')(xd, fd, bias ? f32(bias) : null, out, taps, info, act);
  const inputs = bias ? [x, filter, bias] : [x, filter];
  return record(new Tensor(out, shape), inputs, (dy, needs) => {
    const dx = needs[0] ? gradientArray(x.size) : null;
    const df = gradientArray(filter.size);
    const db = bias && needs[2] ? gradientArray(info.outC) : null;
    kernel('conv2dMaxPoolBackward')(xd, fd, taps, dy.data as Float32Array, dx, df, db, info);
    const grads: (Tensor | null)[] = [dx ? new Tensor(dx, x.shape) : null, needs[1] ? new Tensor(df, filter.shape) : null];
    if (bias) grads.push(db ? new Tensor(db, bias.shape) : null);
    return grads;
  }, true);
}
