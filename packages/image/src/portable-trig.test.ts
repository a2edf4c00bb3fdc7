import { describe, expect, it } from 'vitest';
import { portableSinCos } from './portable-trig.js';

describe('portableSinCos', () => {
  it('agrees with Math.sin/cos to 1e-14 over several turns', () => {
    for (let a = -20; a <= 20; a += 0.0137) {
      const { sin, cos } = portableSinCos(a);
      expect(Math.abs(sin - Math.sin(a))).toBeLessThan(1e-14);
      expect(Math.abs(cos - Math.cos(a))).toBeLessThan(1e-14);
    }
  });

  it('is exact at 0', () => {
    expect(portableSinCos(0)).toEqual({ sin: 0, cos: 1 });
  });
});
