import { checkConv2dMaxPoolTrain } from '../checks/conv2d-max-pool-train.js';
import { pooledInfo } from '../checks/conv2d-max-pool.js';
import { Activation, type Conv2DInfo } from '../kernel-set.js';
import { conv2d } from './conv2d.js';
import { maxPool } from './max-pool.js';

/** conv2d, maxPool of its output, and each argmax as its tap in the 2×2 window (-1 where relu's gradient is 0). */
export function conv2dMaxPoolTrain(x: Float32Array, filter: Float32Array, bias: Float32Array | null, out: Float32Array, taps: Int32Array, info: Conv2DInfo, act: Activation): void {
  checkConv2dMaxPoolTrain(x, filter, bias, out, taps, info, act);
  const conv = new Float32Array(info.batch * info.outH * info.outW * info.outC);
  conv2d(x, filter, bias, conv, info, act);
  const argmax = new Int32Array(out.length);
  maxPool(conv, out, argmax, pooledInfo(info));
  const c = info.outC;
  for (let o = 0; o < out.length; o++) {
    if (act === Activation.Relu && !(out[o] > 0)) {
      taps[o] = -1;
      continue;
    }
    // argmax is a flat conv-output index: pixel p = b·outH·outW + y·outW + x; the tap is (y % 2, x % 2).
    const p = Math.floor(argmax[o] / c);
    const y = Math.floor(p / info.outW) % info.outH;
    const xx = p % info.outW;
    taps[o] = (y % 2) * 2 + (xx % 2);
  }
}
