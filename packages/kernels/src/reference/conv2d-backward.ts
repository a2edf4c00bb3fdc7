import { checkConv2dBackward } from '../checks/conv-backward.js';
import { Activation, type Conv2DInfo } from '../kernel-set.js';
import { biasGrad } from './bias-grad.js';
import { conv2dBackpropFilter } from './conv2d-backprop-filter.js';
import { conv2dBackpropInput } from './conv2d-backprop-input.js';

/** dz = act'(y)·dy, then the filter, bias and input gradients of dz (each skipped when null). */
export function conv2dBackward(x: Float32Array, filter: Float32Array, y: Float32Array | null, dy: Float32Array, act: Activation, dx: Float32Array | null, dfilter: Float32Array, dbias: Float32Array | null, info: Conv2DInfo): void {
  checkConv2dBackward(x, filter, y, dy, act, dx, dfilter, dbias, info);
  const dz = new Float32Array(dy.length);
  for (let i = 0; i < dz.length; i++) {
    const g = dy[i];
    const t = act === Activation.Linear ? 0 : (y as Float32Array)[i];
    if (act === Activation.Relu) dz[i] = t > 0 ? g : 0;
    else if (act === Activation.Sigmoid) dz[i] = g * t * (1 - t);
    else if (act === Activation.Tanh) dz[i] = g * (1 - t * t);
    else dz[i] = g;
  }
  conv2dBackpropFilter(x, dz, dfilter, info);
  if (dbias) biasGrad(dz, dbias, info.batch * info.outH * info.outW, info.outC);
  if (dx) conv2dBackpropInput(dz, filter, dx, info);
}
