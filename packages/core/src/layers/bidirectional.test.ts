import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { ValueError } from '../errors.js';
import { assertGradients } from '../gradient-check.js';
import { compareLayer, expectConfigKeysMatch } from '../testing/layer-oracle.js';
import { randomTensor, setupBackends } from '../testing/oracle.js';
import { Bidirectional, type MergeMode } from './bidirectional.js';
import { LSTM } from './lstm.js';
import { Dense } from './dense.js';

beforeAll(setupBackends);

describe('Bidirectional(LSTM)', () => {
  it.each([
    ['concat', false, 2, 5, 3, 4], ['concat', true, 3, 4, 5, 3], ['sum', true, 2, 3, 2, 5], ['ave', false, 1, 6, 3, 2], ['mul', false, 2, 3, 4, 3],
  ] as const)('matches tfjs: merge %s, returnSequences %s, batch %i, steps %i, features %i, units %i', (mergeMode, returnSequences, b, steps, features, units) => {
    const ours = new Bidirectional({ layer: new LSTM({ units, returnSequences }), mergeMode: mergeMode as MergeMode });
    const theirs = tf.layers.bidirectional({ layer: tf.layers.lstm({ units, returnSequences, recurrentActivation: 'sigmoid' }) as tf.RNN, mergeMode });
    compareLayer(ours, theirs, randomTensor([b, steps, features], steps + features), { rtol: 2e-4 });
  });
  it.each([['concat', true], ['sum', false], ['ave', true]] as const)("over tfjs' default LSTM (hard_sigmoid): merge %s, returnSequences %s matches tfjs", (mergeMode, returnSequences) => {
    const ours = new Bidirectional({ layer: new LSTM({ units: 3, recurrentActivation: 'hard_sigmoid', returnSequences }), mergeMode });
    expect(ours.backwardLayer.recurrentActivation).toBe('hard_sigmoid');
    const theirs = tf.layers.bidirectional({ layer: tf.layers.lstm({ units: 3, returnSequences }) as tf.RNN, mergeMode });
    compareLayer(ours, theirs, randomTensor([2, 5, 4], 31, 3), { rtol: 2e-4 });
  });
  it('over a relu / hard_sigmoid LSTM: gradient check', () => {
    const layer = new Bidirectional({ layer: new LSTM({ units: 2, activation: 'relu', recurrentActivation: 'hard_sigmoid', returnSequences: true }) });
    const x = randomTensor([2, 3, 2], 5);
    layer.apply(x);
    expect(layer.backwardLayer.activation).toBe('relu');
    assertGradients((input) => layer.apply(input), [x, ...layer.trainableWeights]);
  });
  it('gradient check, config keys, output shape, bad wrapped layer', () => {
    const layer = new Bidirectional({ layer: new LSTM({ units: 2, returnSequences: true }) });
    const x = randomTensor([2, 3, 2], 3);
    layer.apply(x);
    expect(layer.trainableWeights).toHaveLength(6);
    assertGradients((input) => layer.apply(input), [x, ...layer.trainableWeights]);
    expectConfigKeysMatch(layer, tf.layers.bidirectional({ layer: tf.layers.lstm({ units: 2 }) as tf.RNN }));
    expect(layer.computeOutputShape([null, 3, 2])).toEqual([null, 3, 4]);
    expect(layer.getConfig()).toMatchObject({ merge_mode: 'concat', layer: { class_name: 'LSTM' } });
    expect(() => new Bidirectional({ layer: new Dense({ units: 2 }) as unknown as LSTM })).toThrow(ValueError);
  });
});
