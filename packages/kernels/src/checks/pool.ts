/** Contracts of the pooling kernels: max, average and global average, forward and backward. */
import { KernelArgumentError, checkDim, checkLength } from '../check.js';
import type { Conv2DInfo } from '../kernel-set.js';
import { checkConvInfo } from './conv.js';

/** Pooling geometry: outC must equal inC. Returns the x and out sizes. */
function checkPoolInfo(kernel: string, info: Conv2DInfo): { x: number; out: number } {
  const sizes = checkConvInfo(kernel, info);
  if (info.outC !== info.inC) throw new KernelArgumentError(`${kernel}: pooling needs info.outC === info.inC, got ${info.outC} and ${info.inC}.`);
  // With dilation 1 every window that overlaps the image has an in-image tap, so no average divides by 0.
  if (info.dilationH !== 1 || info.dilationW !== 1) throw new KernelArgumentError(`${kernel}: pooling supports dilation 1 only, got ${info.dilationH}×${info.dilationW}.`);
  return sizes;
}

export function checkMaxPool(x: Float32Array, out: Float32Array, argmax: Int32Array, info: Conv2DInfo): void {
  const size = checkPoolInfo('maxPool', info);
  checkLength('maxPool', 'x', x, size.x);
  checkLength('maxPool', 'out', out, size.out);
  checkLength('maxPool', 'argmax', argmax, size.out);
}

/**
 * Also checks that every argmax entry indexes x, so the scatter stays inside dx — unless
 * `scanArgmax` is false: the WASM kernel checks each entry in its scatter loop instead (a separate
 * pass over a large argmax cost as much as the scatter) and the wrapper throws `argmaxError`.
 */
export function checkMaxPoolBackward(dy: Float32Array, argmax: Int32Array, dx: Float32Array, info: Conv2DInfo, scanArgmax = true): void {
  const name = 'maxPoolBackward';
  const size = checkPoolInfo(name, info);
  checkLength(name, 'dy', dy, size.out);
  checkLength(name, 'argmax', argmax, size.out);
  checkLength(name, 'dx', dx, size.x);
  if (!scanArgmax) return;
  for (let o = 0; o < argmax.length; o++) {
    const i = argmax[o];
    if (i < 0 || i >= size.x) throw argmaxError(argmax, o, size.x);
  }
}

/** The error for argmax[o] outside an x of `xSize` elements. */
export function argmaxError(argmax: Int32Array, o: number, xSize: number): KernelArgumentError {
  return new KernelArgumentError(`maxPoolBackward: argmax[${o}] = ${argmax[o]} is outside x (${xSize} elements); pass the argmax written by maxPool.`);
}

export function checkAvgPool(x: Float32Array, out: Float32Array, info: Conv2DInfo): void {
  const size = checkPoolInfo('avgPool', info);
  checkLength('avgPool', 'x', x, size.x);
  checkLength('avgPool', 'out', out, size.out);
}

export function checkAvgPoolBackward(dy: Float32Array, dx: Float32Array, info: Conv2DInfo): void {
  const size = checkPoolInfo('avgPoolBackward', info);
  checkLength('avgPoolBackward', 'dy', dy, size.out);
  checkLength('avgPoolBackward', 'dx', dx, size.x);
}

/** x [batch,spatial,channels], out [batch,channels]; spatial ≥ 1 so the mean is defined. */
export function checkGlobalAvgPool(x: Float32Array, out: Float32Array, batch: number, spatial: number, channels: number): void {
  checkGlobalDims('globalAvgPool', batch, spatial, channels);
  checkLength('globalAvgPool', 'x', x, batch * spatial * channels);
  checkLength('globalAvgPool', 'out', out, batch * channels);
}

export function checkGlobalAvgPoolBackward(dy: Float32Array, dx: Float32Array, batch: number, spatial: number, channels: number): void {
  checkGlobalDims('globalAvgPoolBackward', batch, spatial, channels);
  checkLength('globalAvgPoolBackward', 'dy', dy, batch * channels);
  checkLength('globalAvgPoolBackward', 'dx', dx, batch * spatial * channels);
}

function checkGlobalDims(kernel: string, batch: number, spatial: number, channels: number): void {
  checkDim(kernel, 'batch', batch);
  checkDim(kernel, 'spatial', spatial, 1);
  checkDim(kernel, 'channels', channels);
}
