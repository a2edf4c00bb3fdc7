/** Contracts of the training fusion conv2dMaxPoolTrain and its backward conv2dMaxPoolBackward. */
import { KernelArgumentError, checkLength } from '../check.js';
import { Activation, type Conv2DInfo } from '../kernel-set.js';
import { checkConv2dMaxPool, checkPoolableConv, pooledInfo } from './conv2d-max-pool.js';

/** Elements of the pooled output (and of taps). */
export function pooledLength(info: Conv2DInfo): number {
  const p = pooledInfo(info);
  return info.batch * p.outH * p.outW * info.outC;
}

function checkLinearOrRelu(name: string, act: Activation): void {
  if (act !== Activation.Linear && act !== Activation.Relu) {
    throw new KernelArgumentError(`${name}: activation ${String(act)} is not supported; the training fusion takes Activation.Linear or Activation.Relu.`);
  }
}

/** conv2dMaxPool's buffers, plus taps the length of out; act Linear or Relu. */
export function checkConv2dMaxPoolTrain(x: Float32Array, filter: Float32Array, bias: Float32Array | null, out: Float32Array, taps: Int32Array, info: Conv2DInfo, act: Activation): void {
  checkConv2dMaxPool(x, filter, bias, out, info, act, 'conv2dMaxPoolTrain');
  checkLinearOrRelu('conv2dMaxPoolTrain', act);
  checkLength('conv2dMaxPoolTrain', 'taps', taps, out.length);
}

/** x and dx x-sized, filter and dfilter filter-sized, taps and dy pooled-sized, dbias one per output channel. */
export function checkConv2dMaxPoolBackward(x: Float32Array, filter: Float32Array, taps: Int32Array, dy: Float32Array, dx: Float32Array | null, dfilter: Float32Array, dbias: Float32Array | null, info: Conv2DInfo): void {
  const name = 'conv2dMaxPoolBackward';
  const size = checkPoolableConv(name, info);
  const n = pooledLength(info);
  checkLength(name, 'x', x, size.x);
  checkLength(name, 'filter', filter, size.filter);
  checkLength(name, 'taps', taps, n);
  checkLength(name, 'dy', dy, n);
  if (dx !== null) checkLength(name, 'dx', dx, size.x);
  checkLength(name, 'dfilter', dfilter, size.filter);
  if (dbias !== null) checkLength(name, 'dbias', dbias, info.outC);
}

/** The error for taps[bad] outside -1..3. */
export function tapError(taps: Int32Array, bad: number): KernelArgumentError {
  return new KernelArgumentError(`conv2dMaxPoolBackward: taps[${bad}] = ${taps[bad]} is not a window tap (-1..3); pass the taps conv2dMaxPoolTrain recorded.`);
}
