/** Conv/pool geometry from Keras-style arguments, with TensorFlow's exact 'same' padding rule. */
import { KernelArgumentError } from './check.js';
import type { Conv2DInfo } from './kernel-set.js';

export type PaddingMode = 'valid' | 'same';
type Pair = number | readonly [number, number];

function pair(kernel: string, arg: string, v: Pair): [number, number] {
  const p: [number, number] = typeof v === 'number' ? [v, v] : [v[0], v[1]];
  for (const x of p) {
    if (!Number.isInteger(x) || x < 1) {
      throw new KernelArgumentError(`${kernel}: ${arg} must be whole numbers ≥ 1, got ${String(v)}.`);
    }
  }
  return p;
}

/**
 * The full `Conv2DInfo` for an NHWC input `[batch, inH, inW, inC]`.
 * 'valid': out = ceil((in - effective + 1) / stride), no padding.
 * 'same':  out = ceil(in / stride), totalPad = max(0, (out - 1)·stride + effective - in),
 *          padTop = floor(totalPad / 2) (the extra row/column goes to the bottom/right, as in TF).
 * `effective` is the dilated filter extent (filter - 1)·dilation + 1.
 * `outC` is the output channel count (conv), channel multiplier (depthwise) or inC (pooling).
 */
export function computeConv2DInfo(
  inShape: readonly [number, number, number, number],
  filterSize: Pair,
  strides: Pair,
  dilations: Pair,
  padding: PaddingMode,
  outC: number,
): Conv2DInfo {
  const name = 'computeConv2DInfo';
  const [batch, inH, inW, inC] = inShape;
  inShape.forEach((d, i) => {
    if (!Number.isInteger(d) || d < 1) {
      throw new KernelArgumentError(`${name}: input shape dimension ${i} must be a whole number ≥ 1, got ${d} (shape [${inShape.join(', ')}]).`);
    }
  });
  if (!Number.isInteger(outC) || outC < 1) throw new KernelArgumentError(`${name}: outC must be a whole number ≥ 1, got ${outC}.`);
  const [filterH, filterW] = pair(name, 'filterSize', filterSize);
  const [strideH, strideW] = pair(name, 'strides', strides);
  const [dilationH, dilationW] = pair(name, 'dilations', dilations);
  const effH = (filterH - 1) * dilationH + 1;
  const effW = (filterW - 1) * dilationW + 1;
  let outH: number, outW: number, padTop: number, padLeft: number;
  if (padding === 'same') {
    outH = Math.ceil(inH / strideH);
    outW = Math.ceil(inW / strideW);
    padTop = Math.floor(Math.max(0, (outH - 1) * strideH + effH - inH) / 2);
    padLeft = Math.floor(Math.max(0, (outW - 1) * strideW + effW - inW) / 2);
  } else if (padding === 'valid') {
    outH = Math.ceil((inH - effH + 1) / strideH);
    outW = Math.ceil((inW - effW + 1) / strideW);
    padTop = 0;
    padLeft = 0;
    if (outH < 1 || outW < 1) {
      throw new KernelArgumentError(`${name}: a ${effH}×${effW} (dilated) window does not fit a ${inH}×${inW} input with 'valid' padding; use padding 'same' or a smaller window.`);
    }
  } else {
    throw new KernelArgumentError(`${name}: padding must be 'valid' or 'same', got '${String(padding)}'.`);
  }
  return { batch, inH, inW, inC, filterH, filterW, outC, strideH, strideW, dilationH, dilationW, padTop, padLeft, outH, outW };
}
