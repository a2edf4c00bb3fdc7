/** Conv/pool geometry from Keras arguments ('valid' | 'same', TensorFlow's padding rule). */
import { computeConv2DInfo, KernelArgumentError, type Conv2DInfo } from '@neurite/kernels';
import { ShapeError, ValueError, formatShape } from '../errors.js';

export type Padding = 'valid' | 'same';
export type Pair = number | readonly [number, number] | readonly number[];

export function toPair(v: Pair, what: string): [number, number] {
  const p: [number, number] = typeof v === 'number' ? [v, v] : [v[0], v.length > 1 ? v[1] : v[0]];
  if (!p.every((x) => Number.isInteger(x) && x >= 1)) throw new ValueError(`${what} must be whole numbers ≥ 1, got ${JSON.stringify(v)}.`);
  return p;
}

export function checkPadding(padding: string | undefined): Padding {
  const p = padding ?? 'valid';
  if (p !== 'valid' && p !== 'same') throw new ValueError(`padding must be 'valid' or 'same', got '${p}'.`);
  return p;
}

/** Output size along one axis. */
export function convOutSize(size: number, filter: number, stride: number, dilation: number, padding: Padding): number {
  const eff = (filter - 1) * dilation + 1;
  return padding === 'same' ? Math.ceil(size / stride) : Math.ceil((size - eff + 1) / stride);
}

/** The kernels' Conv2DInfo for an NHWC input; geometry errors become ShapeErrors naming `op`. */
export function conv2dInfo(xShape: readonly number[], filter: [number, number], strides: [number, number], dilations: [number, number], padding: Padding, outC: number, op: string): Conv2DInfo {
  if (xShape.length !== 4) throw new ShapeError(`${op}: expects an NHWC input of rank 4, got ${formatShape(xShape)}.`);
  try {
    return computeConv2DInfo(xShape as [number, number, number, number], filter, strides, dilations, padding, outC);
  } catch (e) {
    if (e instanceof KernelArgumentError) throw new ShapeError(`${op}: input ${formatShape(xShape)}: ${e.message.replace(/^computeConv2DInfo: /, '')}`);
    throw e;
  }
}
