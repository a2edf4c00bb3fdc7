/** Differentiable conv2d and depthwiseConv2d with fused bias + activation, forward and backward on kernels. */
import { Activation, type Conv2DInfo } from '@neurite/kernels';
import { ShapeError, formatShape } from '../errors.js';
import { activationArray } from '../activation-pool.js';
import { gradientArray, record } from '../tape.js';
import { Tensor } from '../tensor.js';
import { fusedActivationBackward } from './activations.js';
import { conv2dInfo, toPair, type Pair, type Padding } from './conv-geometry.js';
import { kernel } from './kernel.js';

export interface ConvOptions {
  strides?: Pair;
  padding?: Padding;
  dilationRate?: Pair;
}

const f32 = (t: Tensor): Float32Array => (t.data instanceof Float32Array ? t.data : Float32Array.from(t.data));

/** act(conv2d(x, filter) + bias); x NHWC, filter HWIO [fh, fw, inC, outC], bias [outC] or null. */
export function conv2d(x: Tensor, filter: Tensor, bias: Tensor | null, options: ConvOptions = {}, act: Activation = 0): Tensor {
  if (filter.rank !== 4 || x.rank !== 4 || x.shape[3] !== filter.shape[2]) {
    throw new ShapeError(`conv2d: input ${formatShape(x.shape)} (NHWC) and filter ${formatShape(filter.shape)} ([filterH, filterW, inC, outC]) do not match.`);
  }
  const info = conv2dInfo(x.shape, [filter.shape[0], filter.shape[1]], toPair(options.strides ?? 1, 'strides'), toPair(options.dilationRate ?? 1, 'dilationRate'), options.padding ?? 'valid', filter.shape[3], 'conv2d');
  const xd = f32(x);
  const fd = f32(filter);
  const out = activationArray(info.batch * info.outH * info.outW * info.outC);
  kernel('conv2d')(xd, fd, bias ? f32(bias) : null, out, info, act);
  const inputs = bias ? [x, filter, bias] : [x, filter];
  return record(new Tensor(out, [info.batch, info.outH, info.outW, info.outC]), inputs, (dy, needs) => {
    const dyd = dy.data as Float32Array;
    const dx = needs[0] ? gradientArray(x.size) : null;
    if (!needs[1]) {
      // The filter is not trained (e.g. a saliency map wants only dx): skip its gradient.
      const dz = fusedActivationBackward(act, out, dyd);
      if (dx) kernel('conv2dBackpropInput')(dz, fd, dx, info);
      return withBiasGrad([dx ? new Tensor(dx, x.shape) : null, null], bias && needs[2] ? bias : null, dz, info, info.outC);
    }
    // One kernel call: activation gradient, filter, bias and (when wanted) input gradients, so
    // the pre-activation gradient never crosses into JS. The first layer's dx is never wanted.
    const df = gradientArray(filter.size);
    const db = bias && needs[2] ? gradientArray(info.outC) : null;
    kernel('conv2dBackward')(xd, fd, act === Activation.Linear ? null : out, dyd, act, dx, df, db, info);
    const grads: (Tensor | null)[] = [dx ? new Tensor(dx, x.shape) : null, new Tensor(df, filter.shape)];
    if (bias) grads.push(db ? new Tensor(db, bias.shape) : null);
    return grads;
  }, true);
}

/** Depthwise conv: filter [fh, fw, inC, multiplier]; output channels inC·multiplier (c·mult + m). */
export function depthwiseConv2d(x: Tensor, filter: Tensor, bias: Tensor | null, options: ConvOptions = {}, act: Activation = 0): Tensor {
  if (filter.rank !== 4 || x.rank !== 4 || x.shape[3] !== filter.shape[2]) {
    throw new ShapeError(`depthwiseConv2d: input ${formatShape(x.shape)} (NHWC) and filter ${formatShape(filter.shape)} ([filterH, filterW, inC, multiplier]) do not match.`);
  }
  const info = conv2dInfo(x.shape, [filter.shape[0], filter.shape[1]], toPair(options.strides ?? 1, 'strides'), toPair(options.dilationRate ?? 1, 'dilationRate'), options.padding ?? 'valid', filter.shape[3], 'depthwiseConv2d');
  const channels = info.inC * info.outC;
  const xd = f32(x);
  const fd = f32(filter);
  const out = activationArray(info.batch * info.outH * info.outW * channels);
  kernel('depthwiseConv2d')(xd, fd, bias ? f32(bias) : null, out, info, act);
  const inputs = bias ? [x, filter, bias] : [x, filter];
  return record(new Tensor(out, [info.batch, info.outH, info.outW, channels]), inputs, (dy, needs) => {
    const dz = fusedActivationBackward(act, out, dy.data as Float32Array);
    const dx = needs[0] ? gradientArray(x.size) : null;
    const df = gradientArray(filter.size);
    if (dx) kernel('depthwiseConv2dBackpropInput')(dz, fd, dx, info);
    kernel('depthwiseConv2dBackpropFilter')(xd, dz, df, info);
    return withBiasGrad([dx ? new Tensor(dx, x.shape) : null, new Tensor(df, filter.shape)], bias, dz, info, channels);
  }, true);
}

function withBiasGrad(grads: (Tensor | null)[], bias: Tensor | null, dz: Float32Array, info: Conv2DInfo, channels: number): (Tensor | null)[] {
  if (bias) {
    const db = gradientArray(channels);
    kernel('biasGrad')(dz, db, info.batch * info.outH * info.outW, channels);
    grads.push(new Tensor(db, bias.shape));
  }
  return grads;
}
