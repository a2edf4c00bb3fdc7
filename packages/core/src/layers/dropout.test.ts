import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { ValueError } from '../errors.js';
import { assertGradients } from '../gradient-check.js';
import { expectConfigKeysMatch } from '../testing/layer-oracle.js';
import { randomTensor, setupBackends } from '../testing/oracle.js';
import { Dropout } from './dropout.js';

beforeAll(setupBackends);

describe('Dropout', () => {
  it('is the identity at inference and drops ~rate in training, scaled by 1/(1-rate)', () => {
    const x = randomTensor([40, 50], 1);
    const layer = new Dropout({ rate: 0.25, seed: 3 });
    expect(layer.apply(x)).toBe(x);
    const y = layer.apply(x, { training: true });
    let zeros = 0;
    y.data.forEach((v, i) => {
      if (v === 0) zeros++;
      else expect(Math.abs(v - x.data[i] / 0.75)).toBeLessThan(1e-6);
    });
    expect(Math.abs(zeros / 2000 - 0.25)).toBeLessThan(0.03);
  });
  it('is deterministic for a seed and differs between steps', () => {
    const x = randomTensor([10, 10], 2);
    const a = new Dropout({ rate: 0.5, seed: 9 });
    const b = new Dropout({ rate: 0.5, seed: 9 });
    const a1 = a.apply(x, { training: true });
    expect([...b.apply(x, { training: true }).data]).toEqual([...a1.data]);
    expect([...a.apply(x, { training: true }).data]).not.toEqual([...a1.data]);
  });
  it('gradient check in training with a fixed mask, config keys, bad rate', () => {
    const x = randomTensor([3, 4], 3);
    assertGradients((input) => new Dropout({ rate: 0.5, seed: 1 }).apply(input, { training: true }), [x]);
    expectConfigKeysMatch(new Dropout({ rate: 0.5 }), tf.layers.dropout({ rate: 0.5 }));
    expect(() => new Dropout({ rate: 1 })).toThrow(ValueError);
  });
});
