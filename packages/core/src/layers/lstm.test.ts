import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { ValueError } from '../errors.js';
import { assertGradients } from '../gradient-check.js';
import { compareLayer, expectConfigKeysMatch } from '../testing/layer-oracle.js';
import { randomTensor, setupBackends } from '../testing/oracle.js';
import { LSTM } from './lstm.js';

beforeAll(setupBackends);

describe('LSTM', () => {
  it.each([
    [2, 5, 3, 4, false, false], [3, 7, 5, 6, true, false], [1, 4, 2, 5, false, true], [2, 3, 6, 3, true, true],
  ])('matches tfjs: batch %i, steps %i, features %i, units %i, returnSequences %s, goBackwards %s', (batch, steps, features, units, returnSequences, goBackwards) => {
    const ours = new LSTM({ units, returnSequences, goBackwards });
    const theirs = tf.layers.lstm({ units, returnSequences, goBackwards, recurrentActivation: 'sigmoid' });
    compareLayer(ours, theirs, randomTensor([batch, steps, features], steps * 13 + features), { rtol: 2e-4 });
  });

  it('initialises with Keras defaults: orthogonal recurrent kernel, forget bias 1', () => {
    const layer = new LSTM({ units: 3 });
    layer.apply(randomTensor([1, 2, 4], 0));
    expect([...layer.bias!.data]).toEqual([0, 0, 0, 1, 1, 1, 0, 0, 0, 0, 0, 0]);
    const r = layer.recurrentKernel!.data; // [3, 12]: rows orthonormal
    for (let i = 0; i < 3; i++) {
      for (let j = 0; j < 3; j++) {
        let dot = 0;
        for (let k = 0; k < 12; k++) dot += r[i * 12 + k] * r[j * 12 + k];
        expect(dot).toBeCloseTo(i === j ? 1 : 0, 5);
      }
    }
  });

  it('passes the finite-difference gradient check', () => {
    const layer = new LSTM({ units: 3, returnSequences: true });
    const x = randomTensor([2, 4, 3], 7);
    layer.apply(x);
    assertGradients((input) => layer.apply(input), [x, ...layer.trainableWeights]);
  });

  it('config keys match TF.js with Keras values', () => {
    const ours = new LSTM({ units: 3 });
    expectConfigKeysMatch(ours, tf.layers.lstm({ units: 3 }));
    expect(ours.getConfig()).toMatchObject({ recurrent_activation: 'sigmoid', unit_forget_bias: true, recurrent_initializer: { class_name: 'Orthogonal' } });
  });

  it('input dropout is training-only and unsupported options fail clearly', () => {
    const layer = new LSTM({ units: 2, dropout: 0.5, seed: 1 });
    const x = randomTensor([2, 3, 4], 8);
    const a = layer.apply(x);
    expect([...layer.apply(x).data]).toEqual([...a.data]);
    expect([...layer.apply(x, { training: true }).data]).not.toEqual([...a.data]);
    expect(() => new LSTM({ units: 2, recurrentDropout: 0.1 })).toThrow(ValueError);
    expect(() => new LSTM({ units: 2, returnState: true })).toThrow(ValueError);
    expect(() => layer.apply(randomTensor([2, 3], 0))).toThrow(/rank 3/);
  });
});
