/** Test cases shared by the conv2d forward and backward kernel tests: a geometry and seeded inputs. */
import { computeConv2DInfo, type PaddingMode } from '../conv-geometry.js';
import type { Conv2DInfo } from '../kernel-set.js';
import { randomFloats } from '../test-support.js';

export interface ConvCase {
  shape: [number, number, number, number];
  filter: number | [number, number];
  stride: number | [number, number];
  dilation: number;
  padding: PaddingMode;
  outC: number;
}

export function convCaseLabel(c: ConvCase): string {
  return `[${c.shape.join(',')}] filter ${String(c.filter)} stride ${String(c.stride)} dilation ${c.dilation} ${c.padding} → ${c.outC}`;
}

/** The case's geometry, an input x in [-1, 1] and a filter w in [-0.5, 0.5] (seeds `seed`, `seed + 1`). */
export function convCaseInputs(c: ConvCase, seed: number): { info: Conv2DInfo; x: Float32Array; w: Float32Array } {
  const info = computeConv2DInfo(c.shape, c.filter, c.stride, c.dilation, c.padding, c.outC);
  const x = randomFloats(c.shape.reduce((a, b) => a * b), seed);
  const w = randomFloats(info.filterH * info.filterW * info.inC * info.outC, seed + 1, -0.5, 0.5);
  return { info, x, w };
}
