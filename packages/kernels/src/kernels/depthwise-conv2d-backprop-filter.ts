import { checkConvBackpropFilter } from '../checks/conv.js';
import type { Conv2DInfo } from '../kernel-set.js';
import { beginCall, bytesFor, put, space, take } from '../scratch.js';
import { INFO_LENGTH, putInfo } from './conv-info.js';

type Backprop = (x: number, dy: number, dfilter: number, info: number) => void;

export function depthwiseConv2dBackpropFilter(x: Float32Array, dy: Float32Array, dfilter: Float32Array, info: Conv2DInfo): void {
  checkConvBackpropFilter('depthwiseConv2dBackpropFilter', x, dy, dfilter, info);
  const w = beginCall(bytesFor(x.length, dy.length, dfilter.length, INFO_LENGTH));
  const px = put(x);
  const pdy = put(dy);
  const pdf = space(dfilter.length);
  (w.depthwise_conv2d_backprop_filter as Backprop)(px, pdy, pdf, putInfo(info));
  take(pdf, dfilter);
}
