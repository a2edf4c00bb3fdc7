import { checkConv2dMaxPool, pooledInfo } from '../checks/conv2d-max-pool.js';
import type { Activation, Conv2DInfo } from '../kernel-set.js';
import { conv2d } from './conv2d.js';
import { maxPool } from './max-pool.js';

/** conv2d (with bias and activation), then 2×2 stride-2 'valid' max pooling of its output. */
export function conv2dMaxPool(x: Float32Array, filter: Float32Array, bias: Float32Array | null, out: Float32Array, info: Conv2DInfo, act: Activation): void {
  checkConv2dMaxPool(x, filter, bias, out, info, act);
  const conv = new Float32Array(info.batch * info.outH * info.outW * info.outC);
  conv2d(x, filter, bias, conv, info, act);
  maxPool(conv, out, new Int32Array(out.length), pooledInfo(info));
}
