/** Contract of conv2dBackward: a conv layer's whole backward in one call. */
import { KernelArgumentError, checkActivation, checkLength } from '../check.js';
import { Activation, type Conv2DInfo } from '../kernel-set.js';
import { checkConvInfo } from './conv.js';

/**
 * x and dx are x-sized, filter and dfilter filter-sized, y and dy out-sized, dbias one per output
 * channel; y may be null only with a linear activation, dx and dbias may be null (not wanted).
 */
export function checkConv2dBackward(x: Float32Array, filter: Float32Array, y: Float32Array | null, dy: Float32Array, act: Activation, dx: Float32Array | null, dfilter: Float32Array, dbias: Float32Array | null, info: Conv2DInfo): void {
  const name = 'conv2dBackward';
  const size = checkConvInfo(name, info);
  checkActivation(name, act);
  if (act === Activation.Relu6) throw new KernelArgumentError(`${name}: Activation.Relu6 has no fused gradient; run relu6 as an op of its own when training.`);
  checkLength(name, 'x', x, size.x);
  checkLength(name, 'filter', filter, size.filter);
  if (y !== null) checkLength(name, 'y', y, size.out);
  else if (act !== Activation.Linear) throw new KernelArgumentError(`${name}: y (the forward output) is needed for the activation's gradient; it may be null only with Activation.Linear.`);
  checkLength(name, 'dy', dy, size.out);
  if (dx !== null) checkLength(name, 'dx', dx, size.x);
  checkLength(name, 'dfilter', dfilter, size.filter);
  if (dbias !== null) checkLength(name, 'dbias', dbias, info.outC);
}
