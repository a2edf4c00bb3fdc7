/** Conv/pool geometry from Keras arguments ('valid' | 'same', TensorFlow's padding rule). */
import type { Conv2DInfo } from '@neurite/kernels';
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

export function conv2dInfo(xShape: readonly number[], filter: [number, number], strides: [number, number], dilations: [number, number], padding: Padding, outC: number, op: string): Conv2DInfo {
  if (xShape.length !== 4) throw new ShapeError(`${op}: expects an NHWC input of rank 4, got ${formatShape(xShape)}.`);
  const [batch, inH, inW, inC] = xShape;
  const [filterH, filterW] = filter;
  const [strideH, strideW] = strides;
  const [dilationH, dilationW] = dilations;
  const outH = convOutSize(inH, filterH, strideH, dilationH, padding);
  const outW = convOutSize(inW, filterW, strideW, dilationW, padding);
  if (outH < 1 || outW < 1) {
    throw new ShapeError(`${op}: a ${filterH}×${filterW} window (dilation ${dilationH}×${dilationW}) does not fit input ${formatShape(xShape)} with padding 'valid'. Use padding 'same', a smaller window, or a larger input.`);
  }
  const effH = (filterH - 1) * dilationH + 1;
  const effW = (filterW - 1) * dilationW + 1;
  const padTop = padding === 'same' ? Math.floor(Math.max(0, (outH - 1) * strideH + effH - inH) / 2) : 0;
  const padLeft = padding === 'same' ? Math.floor(Math.max(0, (outW - 1) * strideW + effW - inW) / 2) : 0;
  return { batch, inH, inW, inC, filterH, filterW, outC, strideH, strideW, dilationH, dilationW, padTop, padLeft, outH, outW };
}
