import { checkConvForward } from '../checks/conv.js';
import type { Activation, Conv2DInfo } from '../kernel-set.js';
import { beginCall, bytesFor, put, space, take } from '../scratch.js';
import { INFO_LENGTH } from './conv-info.js';
import { convForward } from './conv-forward.js';

export function depthwiseConv2d(x: Float32Array, filter: Float32Array, bias: Float32Array | null, out: Float32Array, info: Conv2DInfo, act: Activation): void {
  checkConvForward('depthwiseConv2d', x, filter, bias, out, info, act);
  const w = beginCall(bytesFor(x.length, filter.length, bias ? bias.length : 0, out.length, INFO_LENGTH, INFO_LENGTH));
  const px = put(x);
  const pf = put(filter);
  const pb = bias ? put(bias) : 0;
  const pout = space(out.length);
  convForward(w, 'depthwise_conv2d', px, pf, pb, [pout], out.length / info.batch, info, act);
  take(pout, out);
}
