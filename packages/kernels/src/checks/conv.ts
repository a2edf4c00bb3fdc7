/**
 * Contracts of the conv2d and depthwiseConv2d kernels (forward and both backprops), and the
 * Conv2DInfo validation the pooling kernels share.
 */
import { KernelArgumentError, checkActivation, checkDim, checkLength } from '../check.js';
import type { Activation, Conv2DInfo } from '../kernel-set.js';

type Forward = 'conv2d' | 'depthwiseConv2d';
type BackpropInput = 'conv2dBackpropInput' | 'depthwiseConv2dBackpropInput';
type BackpropFilter = 'conv2dBackpropFilter' | 'depthwiseConv2dBackpropFilter';

/** Element counts of a conv call's buffers. */
interface ConvSizes {
  /** x / dx: batch·inH·inW·inC */
  x: number;
  /** filter / dfilter: filterH·filterW·inC·outC */
  filter: number;
  /** out / dy: batch·outH·outW·outC */
  out: number;
}

/**
 * Validates every field of `info` and that each output window touches at least one in-image
 * tap (otherwise pooling would divide by zero). Returns the conv2d buffer sizes.
 */
export function checkConvInfo(kernel: string, info: Conv2DInfo): ConvSizes {
  if (info === null || typeof info !== 'object') throw new KernelArgumentError(`${kernel}: info must be a Conv2DInfo object (see computeConv2DInfo).`);
  for (const key of ['batch', 'inH', 'inW', 'inC', 'filterH', 'filterW', 'outC', 'strideH', 'strideW', 'dilationH', 'dilationW', 'outH', 'outW'] as const) {
    checkDim(kernel, `info.${key}`, info[key], 1);
  }
  checkDim(kernel, 'info.padTop', info.padTop, 0);
  checkDim(kernel, 'info.padLeft', info.padLeft, 0);
  const effH = (info.filterH - 1) * info.dilationH + 1;
  const effW = (info.filterW - 1) * info.dilationW + 1;
  if (info.padTop >= effH || info.padLeft >= effW) {
    throw new KernelArgumentError(`${kernel}: padding (${info.padTop}, ${info.padLeft}) must be smaller than the ${effH}×${effW} window; use computeConv2DInfo.`);
  }
  if ((info.outH - 1) * info.strideH - info.padTop >= info.inH || (info.outW - 1) * info.strideW - info.padLeft >= info.inW) {
    throw new KernelArgumentError(`${kernel}: output ${info.outH}×${info.outW} is too large for input ${info.inH}×${info.inW} with these strides and padding; use computeConv2DInfo.`);
  }
  const x = info.batch * info.inH * info.inW * info.inC;
  const filter = info.filterH * info.filterW * info.inC * info.outC;
  const out = info.batch * info.outH * info.outW * info.outC;
  if (Math.max(x, filter, out) > 2 ** 31 / 4) throw new KernelArgumentError(`${kernel}: tensors of this size exceed the 2 GiB WebAssembly limit; use a smaller batch.`);
  return { x, filter, out };
}

/**
 * checkConvInfo's sizes for `kernel`: a depthwise kernel reads info.outC as a channel multiplier,
 * so its output has inC·outC channels.
 */
function sizesFor(kernel: Forward | BackpropInput | BackpropFilter, info: Conv2DInfo): ConvSizes & { outChannels: number } {
  const size = checkConvInfo(kernel, info);
  const depthwise = kernel.startsWith('depthwise');
  return {
    x: size.x,
    filter: size.filter,
    out: depthwise ? size.out * info.inC : size.out,
    outChannels: depthwise ? info.inC * info.outC : info.outC,
  };
}

/** conv2d, depthwiseConv2d: x, filter, out, bias (one per output channel) or null, a fused activation. */
export function checkConvForward(kernel: Forward, x: Float32Array, filter: Float32Array, bias: Float32Array | null, out: Float32Array, info: Conv2DInfo, act: Activation): void {
  const size = sizesFor(kernel, info);
  checkLength(kernel, 'x', x, size.x);
  checkLength(kernel, 'filter', filter, size.filter);
  checkLength(kernel, 'out', out, size.out);
  if (bias) checkLength(kernel, 'bias', bias, size.outChannels);
  checkActivation(kernel, act);
}

/** conv2dBackpropInput, depthwiseConv2dBackpropInput: dy is out-sized, dx is x-sized. */
export function checkConvBackpropInput(kernel: BackpropInput, dy: Float32Array, filter: Float32Array, dx: Float32Array, info: Conv2DInfo): void {
  const size = sizesFor(kernel, info);
  checkLength(kernel, 'dy', dy, size.out);
  checkLength(kernel, 'filter', filter, size.filter);
  checkLength(kernel, 'dx', dx, size.x);
}

/** conv2dBackpropFilter, depthwiseConv2dBackpropFilter: dy is out-sized, dfilter is filter-sized. */
export function checkConvBackpropFilter(kernel: BackpropFilter, x: Float32Array, dy: Float32Array, dfilter: Float32Array, info: Conv2DInfo): void {
  const size = sizesFor(kernel, info);
  checkLength(kernel, 'x', x, size.x);
  checkLength(kernel, 'dy', dy, size.out);
  checkLength(kernel, 'dfilter', dfilter, size.filter);
}
