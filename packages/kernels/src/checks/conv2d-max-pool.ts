/** Contract of the fused conv2dMaxPool kernel: conv2d's buffers, except out is the pooled output. */
import { KernelArgumentError, checkActivation, checkLength } from '../check.js';
import type { Activation, Conv2DInfo } from '../kernel-set.js';
import { checkConvInfo } from './conv.js';

/** The 2×2, stride-2, 'valid' max pooling geometry over the convolution `info`'s output. */
export function pooledInfo(info: Conv2DInfo): Conv2DInfo {
  return {
    batch: info.batch, inH: info.outH, inW: info.outW, inC: info.outC, filterH: 2, filterW: 2, outC: info.outC,
    strideH: 2, strideW: 2, dilationH: 1, dilationW: 1, padTop: 0, padLeft: 0,
    outH: Math.floor(info.outH / 2), outW: Math.floor(info.outW / 2),
  };
}

/** checkConvInfo for a fused conv + 2×2 pool kernel: also the convolution's output must hold one window. */
export function checkPoolableConv(name: string, info: Conv2DInfo): { x: number; filter: number } {
  const size = checkConvInfo(name, info);
  if (info.outH < 2 || info.outW < 2) {
    throw new KernelArgumentError(`${name}: the convolution's output ${info.outH}×${info.outW} is smaller than the 2×2 pooling window.`);
  }
  return size;
}

/** x, filter, bias (one per output channel) or null as conv2d; out [batch, ⌊outH/2⌋, ⌊outW/2⌋, outC]. `name` is the kernel's, for errors. */
export function checkConv2dMaxPool(x: Float32Array, filter: Float32Array, bias: Float32Array | null, out: Float32Array, info: Conv2DInfo, act: Activation, name = 'conv2dMaxPool'): void {
  const size = checkPoolableConv(name, info);
  const p = pooledInfo(info);
  checkLength(name, 'x', x, size.x);
  checkLength(name, 'filter', filter, size.filter);
  checkLength(name, 'out', out, info.batch * p.outH * p.outW * info.outC);
  if (bias) checkLength(name, 'bias', bias, info.outC);
  checkActivation(name, act);
}
