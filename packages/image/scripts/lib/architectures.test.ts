import { describe, expect, it } from 'vitest';
import { buildArchitecture, countMacs } from './architectures.js';

describe('architectures', () => {
  it("'tutorial' is the book's network: 3,453,121 parameters at 150×150", () => {
    const m = buildArchitecture('tutorial');
    expect(m.countParams()).toBe(3_453_121);
    expect(m.outputShape).toEqual([null, 1]);
  });

  it("'cnn-t' (the previous shipped model): 64×64 in, one sigmoid out, 394,353 parameters, 20.6 M multiply-adds", () => {
    const m = buildArchitecture('cnn-t');
    expect(m.inputShape).toEqual([null, 64, 64, 3]);
    expect(m.outputShape).toEqual([null, 1]);
    expect(m.countParams()).toBe(394_353);
    // 64²·9·3·16 + 32²·9·16·32 + 16²·9·32·64 + 8²·9·64·128 + 4²·9·128·256 + 256
    expect(countMacs('cnn-t')).toBe(1_769_472 + 4_718_592 + 4_718_592 + 4_718_592 + 4_718_592 + 256);
  });

  it("'cnn-m' (shipped): 64×64 in, one sigmoid out, 656,809 parameters, 98.2 M multiply-adds", () => {
    const m = buildArchitecture('cnn-m');
    expect(m.inputShape).toEqual([null, 64, 64, 3]);
    expect(m.outputShape).toEqual([null, 1]);
    expect(m.countParams()).toBe(656_809);
    // 64²·9·3·24 + 32²·9·(24·48 + 48·48) + 16²·9·(48·96 + 96·96) + 8²·9·(96·192 + 192·192) + 192
    expect(countMacs('cnn-m')).toBe(2_654_208 + 10_616_832 + 21_233_664 + 10_616_832 + 21_233_664 + 10_616_832 + 21_233_664 + 192);
  });

  it('names the choices for an unknown architecture', () => {
    expect(() => buildArchitecture('resnet')).toThrow(/cnn-t/);
  });
});
