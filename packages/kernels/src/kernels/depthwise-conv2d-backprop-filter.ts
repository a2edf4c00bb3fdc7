import { checkLength } from '../check.js';
import { checkConvInfo } from '../conv-check.js';
import type { Conv2DInfo } from '../kernel-set.js';
import { beginCall, bytesFor, put, space, take } from '../scratch.js';
import { INFO_LENGTH, putInfo } from './conv-info.js';

type Backprop = (x: number, dy: number, dfilter: number, info: number) => void;

export function depthwiseConv2dBackpropFilter(x: Float32Array, dy: Float32Array, dfilter: Float32Array, info: Conv2DInfo): void {
  const name = 'depthwiseConv2dBackpropFilter';
  const size = checkConvInfo(name, info);
  checkLength(name, 'x', x, size.x);
  checkLength(name, 'dy', dy, size.out * info.inC);
  checkLength(name, 'dfilter', dfilter, size.filter);
  const w = beginCall(bytesFor(x.length, dy.length, dfilter.length, INFO_LENGTH));
  const px = put(x);
  const pdy = put(dy);
  const pdf = space(dfilter.length);
  (w.depthwise_conv2d_backprop_filter as Backprop)(px, pdy, pdf, putInfo(info));
  take(pdf, dfilter);
}
