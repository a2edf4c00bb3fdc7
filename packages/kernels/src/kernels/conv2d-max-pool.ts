import { checkConv2dMaxPool } from '../checks/conv2d-max-pool.js';
import type { Activation, Conv2DInfo } from '../kernel-set.js';
import { beginCall, bytesFor, put, space, take } from '../scratch.js';
import { splitBatch } from '../threads.js';
import { INFO_LENGTH, convWork, putInfo } from './conv-info.js';

type Conv2dMaxPool = (x: number, filter: number, bias: number, out: number, info: number, act: number) => void;

export function conv2dMaxPool(x: Float32Array, filter: Float32Array, bias: Float32Array | null, out: Float32Array, info: Conv2DInfo, act: Activation): void {
  checkConv2dMaxPool(x, filter, bias, out, info, act);
  const w = beginCall(bytesFor(x, filter, bias ?? 0, out.length, INFO_LENGTH, INFO_LENGTH));
  const px = put(x);
  const pf = put(filter);
  const pb = bias ? put(bias) : 0;
  const pout = space(out.length);
  const split = splitBatch(info.batch, 1, convWork(info));
  if (split !== null) {
    // Kernel threads: the helper takes the batch's second half (images are independent: bit for bit).
    const { helper, half, rest, row } = split;
    helper.run('conv2d_max_pool', [row(px, info.inH * info.inW * info.inC), pf, pb, row(pout, out.length / info.batch), putInfo({ ...info, batch: rest }), act]);
    (w.conv2d_max_pool as Conv2dMaxPool)(px, pf, pb, pout, putInfo({ ...info, batch: half }), act);
    helper.wait();
  } else {
    (w.conv2d_max_pool as Conv2dMaxPool)(px, pf, pb, pout, putInfo(info), act);
  }
  take(pout, out);
}
