import { it, expect } from 'vitest';
import { describeKernels, randomFloats } from '../test-support.js';
import { computeConv2DInfo } from '../conv-geometry.js';

describeKernels('maxPoolBackward argmax validation', (k) => {
  it('rejects an out-of-range entry anywhere and leaves dx untouched', () => {
    const info = computeConv2DInfo([2, 6, 6, 3], 2, 2, 1, 'valid', 3);
    const outLen = 2 * 3 * 3 * 3;
    const x = randomFloats(2 * 6 * 6 * 3, 3);
    const argmax = new Int32Array(outLen);
    k.maxPool(x, new Float32Array(outLen), argmax, info);
    for (const bad of [x.length, -1, 2 ** 31 - 1]) {
      const a = argmax.slice();
      a[outLen - 2] = bad;
      const dx = new Float32Array(x.length).fill(7);
      expect(() => k.maxPoolBackward(randomFloats(outLen, 4), a, dx, info)).toThrow(/argmax\[52\]/);
      expect(dx.every((v) => v === 7)).toBe(true);
    }
  });
});
