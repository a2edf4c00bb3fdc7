import { checkConv2dMaxPoolTrain } from '../checks/conv2d-max-pool-train.js';
import type { Activation, Conv2DInfo } from '../kernel-set.js';
import { beginCall, bytesFor, put, space, take } from '../scratch.js';
import { splitBatch } from '../threads.js';
import { INFO_LENGTH, convWork, putInfo } from './conv-info.js';

type Conv2dMaxPoolTrain = (x: number, filter: number, bias: number, out: number, taps: number, info: number, act: number) => void;

export function conv2dMaxPoolTrain(x: Float32Array, filter: Float32Array, bias: Float32Array | null, out: Float32Array, taps: Int32Array, info: Conv2DInfo, act: Activation): void {
  checkConv2dMaxPoolTrain(x, filter, bias, out, taps, info, act);
  const w = beginCall(bytesFor(x, filter, bias ?? 0, out.length, taps.length, INFO_LENGTH, INFO_LENGTH));
  const px = put(x);
  const pf = put(filter);
  const pb = bias ? put(bias) : 0;
  const pout = space(out.length);
  const ptaps = space(taps.length);
  const split = splitBatch(info.batch, 1, convWork(info));
  if (split !== null) {
    // Kernel threads: the helper takes the batch's second half. Images are independent, so the
    // outputs are those of one call, bit for bit.
    const { helper, half, rest, row } = split;
    const image = info.inH * info.inW * info.inC;
    const pooled = out.length / info.batch;
    helper.run('conv2d_max_pool_train', [row(px, image), pf, pb, row(pout, pooled), row(ptaps, pooled), putInfo({ ...info, batch: rest }), act]);
    (w.conv2d_max_pool_train as Conv2dMaxPoolTrain)(px, pf, pb, pout, ptaps, putInfo({ ...info, batch: half }), act);
    helper.wait();
  } else {
    (w.conv2d_max_pool_train as Conv2dMaxPoolTrain)(px, pf, pb, pout, ptaps, putInfo(info), act);
  }
  take(pout, out);
  take(ptaps, taps);
}
