import { checkConvBackpropInput } from '../checks/conv.js';
import type { Conv2DInfo } from '../kernel-set.js';
import { beginCall, bytesFor, put, space, take } from '../scratch.js';
import { INFO_LENGTH, putInfo } from './conv-info.js';

type Backprop = (dy: number, filter: number, dx: number, info: number) => void;

export function depthwiseConv2dBackpropInput(dy: Float32Array, filter: Float32Array, dx: Float32Array, info: Conv2DInfo): void {
  checkConvBackpropInput('depthwiseConv2dBackpropInput', dy, filter, dx, info);
  const w = beginCall(bytesFor(dy.length, filter.length, dx.length, INFO_LENGTH));
  const pdy = put(dy);
  const pf = put(filter);
  const pdx = space(dx.length);
  (w.depthwise_conv2d_backprop_input as Backprop)(pdy, pf, pdx, putInfo(info));
  take(pdx, dx);
}
