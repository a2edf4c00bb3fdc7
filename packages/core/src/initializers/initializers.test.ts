import { describe, expect, it } from 'vitest';
import { UnknownNameError } from '../errors.js';
import { setSeed } from '../random.js';
import { getInitializer, initializers } from './index.js';

const stats = (d: ArrayLike<number>) => {
  const a = Array.from(d);
  const mean = a.reduce((s, v) => s + v, 0) / a.length;
  return { mean, variance: a.reduce((s, v) => s + (v - mean) ** 2, 0) / a.length, min: Math.min(...a), max: Math.max(...a) };
};

describe('initializers', () => {
  it('accept Keras snake_case, camelCase and class names', () => {
    for (const name of ['glorot_uniform', 'glorotUniform', 'GlorotUniform']) {
      expect(getInitializer(name).serialize()).toEqual({ class_name: 'VarianceScaling', config: { scale: 1, mode: 'fan_avg', distribution: 'uniform', seed: null } });
    }
    for (const name of ['he_normal', 'heNormal', 'he_uniform', 'glorot_normal', 'zeros', 'ones', 'orthogonal', 'random_normal', 'randomUniform', 'lecun_normal', 'truncated_normal']) {
      expect(() => getInitializer(name)).not.toThrow();
    }
    expect(() => getInitializer('glorot_uniformish')).toThrow(UnknownNameError);
    expect(getInitializer({ class_name: 'Constant', config: { value: 3 } }).apply([2]).data).toEqual(new Float32Array([3, 3]));
  });

  it('zeros, ones and constant fill every element, in float32 and int32 (int32 truncates as Keras casts)', () => {
    expect(getInitializer('zeros').apply([2, 3]).data).toEqual(new Float32Array(6));
    expect(getInitializer('ones').apply([5], 'int32').data).toEqual(new Int32Array([1, 1, 1, 1, 1]));
    const c = getInitializer({ class_name: 'Constant', config: { value: -2.5 } });
    expect(c.apply([3, 1]).data).toEqual(new Float32Array([-2.5, -2.5, -2.5]));
    expect(c.apply([2], 'int32').data).toEqual(new Int32Array([-2, -2]));
  });

  it('have Keras variances (fan in/out/avg) and uniform limits', () => {
    const shape = [200, 300];
    const gu = stats(initializers.glorotUniform({ seed: 1 }).apply(shape).data);
    const limit = Math.sqrt(6 / 500);
    expect(gu.max).toBeLessThanOrEqual(limit);
    expect(gu.min).toBeGreaterThanOrEqual(-limit);
    expect(gu.variance).toBeCloseTo(2 / 500, 4);
    expect(stats(initializers.glorotNormal({ seed: 1 }).apply(shape).data).variance / (2 / 500)).toBeCloseTo(1, 1);
    expect(stats(initializers.heNormal({ seed: 1 }).apply(shape).data).variance / (2 / 200)).toBeCloseTo(1, 1);
    expect(stats(initializers.heUniform({ seed: 1 }).apply(shape).data).variance / (2 / 200)).toBeCloseTo(1, 1);
    // conv kernels: fan_in = kh·kw·inC
    expect(stats(initializers.heNormal({ seed: 2 }).apply([3, 3, 16, 64]).data).variance / (2 / 144)).toBeCloseTo(1, 1);
    const rn = stats(initializers.randomNormal({ mean: 1, stddev: 0.5, seed: 3 }).apply([10000]).data);
    expect(rn.mean).toBeCloseTo(1, 1);
    expect(Math.sqrt(rn.variance)).toBeCloseTo(0.5, 1);
    const ru = stats(initializers.randomUniform({ seed: 3 }).apply([10000]).data);
    expect(ru.min).toBeGreaterThanOrEqual(-0.05);
    expect(ru.max).toBeLessThan(0.05);
  });

  it('orthogonal gives orthonormal rows/columns (tall and wide) scaled by gain', () => {
    for (const [r, c] of [[7, 4], [4, 7], [5, 5]]) {
      const q = initializers.orthogonal({ gain: 2, seed: 1 }).apply([r, c]).data;
      const byCols = r >= c;
      const n = byCols ? c : r;
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < n; j++) {
          let dot = 0;
          for (let k = 0; k < (byCols ? r : c); k++) dot += byCols ? q[k * c + i] * q[k * c + j] : q[i * c + k] * q[j * c + k];
          expect(dot).toBeCloseTo(i === j ? 4 : 0, 4);
        }
      }
    }
  });

  it('are deterministic: same seed, same values; unseeded follow setSeed', () => {
    expect(initializers.heNormal({ seed: 9 }).apply([4, 4]).data).toEqual(initializers.heNormal({ seed: 9 }).apply([4, 4]).data);
    expect(initializers.orthogonal({ seed: 9 }).apply([4, 4]).data).toEqual(initializers.orthogonal({ seed: 9 }).apply([4, 4]).data);
    setSeed(5);
    const a = getInitializer('glorot_uniform').apply([3, 3]).data;
    setSeed(5);
    expect(getInitializer('glorot_uniform').apply([3, 3]).data).toEqual(a);
  });
});
