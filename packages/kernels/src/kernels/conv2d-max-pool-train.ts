import { checkConv2dMaxPoolTrain } from '../checks/conv2d-max-pool-train.js';
import type { Activation, Conv2DInfo } from '../kernel-set.js';
import { beginCall, bytesFor, put, space, take } from '../scratch.js';
import { INFO_LENGTH } from './conv-info.js';
import { convForward } from './conv-forward.js';

export function conv2dMaxPoolTrain(x: Float32Array, filter: Float32Array, bias: Float32Array | null, out: Float32Array, taps: Int32Array, info: Conv2DInfo, act: Activation): void {
  checkConv2dMaxPoolTrain(x, filter, bias, out, taps, info, act);
  const w = beginCall(bytesFor(x, filter, bias ?? 0, out.length, taps.length, INFO_LENGTH, INFO_LENGTH));
  const px = put(x);
  const pf = put(filter);
  const pb = bias ? put(bias) : 0;
  const pout = space(out.length);
  const ptaps = space(taps.length);
  convForward(w, 'conv2d_max_pool_train', px, pf, pb, [pout, ptaps], out.length / info.batch, info, act);
  take(pout, out);
  take(ptaps, taps);
}
