import { it, expect, describe } from 'vitest';
import { computeConv2DInfo } from './conv-geometry.js';
import { KernelArgumentError } from './check.js';

describe('computeConv2DInfo', () => {
  it("'same' puts the odd padding row/column at the bottom/right (TensorFlow's rule)", () => {
    // in 8, stride 2, filter 3: out 4, totalPad = 3·2 + 3 - 8 = 1 → top 0, bottom 1.
    const a = computeConv2DInfo([1, 8, 8, 3], 3, 2, 1, 'same', 16);
    expect([a.outH, a.outW, a.padTop, a.padLeft]).toEqual([4, 4, 0, 0]);
    // in 7, stride 1, filter 4: totalPad = 3 → top 1.
    const b = computeConv2DInfo([2, 7, 9, 1], [4, 2], 1, 1, 'same', 1);
    expect([b.outH, b.outW, b.padTop, b.padLeft]).toEqual([7, 9, 1, 0]);
    // dilation 2 turns a 3-wide filter into 5: totalPad 4 → 2.
    const c = computeConv2DInfo([1, 10, 10, 1], 3, 1, 2, 'same', 1);
    expect([c.outH, c.padTop]).toEqual([10, 2]);
  });

  it("'valid' has no padding and ceil((in - effective + 1) / stride) outputs", () => {
    const a = computeConv2DInfo([32, 150, 150, 3], 3, 1, 1, 'valid', 32);
    expect([a.outH, a.outW, a.padTop, a.padLeft]).toEqual([148, 148, 0, 0]);
    const b = computeConv2DInfo([1, 148, 148, 32], 2, 2, 1, 'valid', 32);
    expect([b.outH, b.outW]).toEqual([74, 74]);
    const c = computeConv2DInfo([1, 9, 8, 1], [2, 3], [2, 1], 1, 'valid', 1);
    expect([c.outH, c.outW]).toEqual([4, 6]);
  });

  it('rejects windows that do not fit, bad numbers and unknown padding', () => {
    expect(() => computeConv2DInfo([1, 2, 2, 1], 3, 1, 1, 'valid', 1)).toThrow(KernelArgumentError);
    expect(() => computeConv2DInfo([1, 5, 5, 1], 0, 1, 1, 'valid', 1)).toThrow(KernelArgumentError);
    expect(() => computeConv2DInfo([1, 5, 5.5, 1], 3, 1, 1, 'valid', 1)).toThrow(KernelArgumentError);
    expect(() => computeConv2DInfo([1, 5, 5, 1], 3, 1, 1, 'full' as 'same', 1)).toThrow(KernelArgumentError);
  });
});
