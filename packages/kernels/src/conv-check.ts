/** Argument checks shared by the conv, pooling and dense kernels (WASM wrappers and reference). */
import { KernelArgumentError, checkDim } from './check.js';
import { Activation, type Conv2DInfo } from './kernel-set.js';

/** Element counts of a conv call's buffers. */
export interface ConvSizes {
  /** x / dx: batch·inH·inW·inC */
  x: number;
  /** filter: filterH·filterW·inC·outC (conv2d) */
  filter: number;
  /** out / dy: batch·outH·outW·outC (conv2d) */
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

/** Pooling geometry: outC must equal inC. Returns the x and out sizes. */
export function checkPoolInfo(kernel: string, info: Conv2DInfo): ConvSizes {
  const sizes = checkConvInfo(kernel, info);
  if (info.outC !== info.inC) throw new KernelArgumentError(`${kernel}: pooling needs info.outC === info.inC, got ${info.outC} and ${info.inC}.`);
  // With dilation 1 every window that overlaps the image has an in-image tap, so no average divides by 0.
  if (info.dilationH !== 1 || info.dilationW !== 1) throw new KernelArgumentError(`${kernel}: pooling supports dilation 1 only, got ${info.dilationH}×${info.dilationW}.`);
  return sizes;
}

export function checkActivation(kernel: string, act: Activation): void {
  if (act !== Activation.Linear && act !== Activation.Relu && act !== Activation.Sigmoid && act !== Activation.Tanh) {
    throw new KernelArgumentError(`${kernel}: act must be an Activation (0 linear, 1 relu, 2 sigmoid, 3 tanh), got ${String(act)}.`);
  }
}
