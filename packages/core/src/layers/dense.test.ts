import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { ShapeError } from '../errors.js';
import { assertGradients } from '../gradient-check.js';
import { tensor } from '../tensor.js';
import { expectConfigKeysMatch, compareLayer } from '../testing/layer-oracle.js';
import { randomTensor, setupBackends } from '../testing/oracle.js';
import { Dense } from './dense.js';

beforeAll(setupBackends);

describe('Dense', () => {
  it.each([
    [5, 7, 3, 'linear'], [1, 13, 6, 'relu'], [2, 9, 4, 'relu6'], [6, 4, 9, 'sigmoid'], [3, 3, 1, 'tanh'], [4, 6, 5, 'softmax'],
  ])('matches tfjs: batch %i, in %i, units %i, %s', (batch, inDim, units, activation) => {
    const ours = new Dense({ units, activation });
    const theirs = tf.layers.dense({ units, activation: activation as 'relu' });
    compareLayer(ours, theirs, randomTensor([batch, inDim], batch * 31 + inDim));
  });

  it('matches tfjs on rank-3 input without bias', () => {
    compareLayer(new Dense({ units: 5, useBias: false }), tf.layers.dense({ units: 5, useBias: false }), randomTensor([2, 3, 7], 5));
  });

  it('passes the finite-difference gradient check', () => {
    const layer = new Dense({ units: 3, activation: 'tanh' });
    const x = randomTensor([4, 5], 1);
    layer.apply(x);
    assertGradients((input) => layer.apply(input), [x, ...layer.trainableWeights]);
  });

  it('writes the TF.js config keys and Keras defaults', () => {
    const ours = new Dense({ units: 3, inputShape: [4] });
    expectConfigKeysMatch(ours, tf.layers.dense({ units: 3, inputShape: [4] }));
    const config = ours.getConfig();
    expect(config.kernel_initializer).toEqual({ class_name: 'VarianceScaling', config: { scale: 1, mode: 'fan_avg', distribution: 'uniform', seed: null } });
    expect(config.batch_input_shape).toEqual([null, 4]);
    expect(config.activation).toBe('linear');
  });

  it('names the layer, expected and actual shape on a mismatch', () => {
    const layer = new Dense({ units: 2, inputShape: [4], name: 'classifier' });
    expect(() => layer.apply(tensor([[1, 2, 3]]))).toThrow(ShapeError);
    expect(() => layer.apply(tensor([[1, 2, 3]]))).toThrow(/'classifier'.*\[null, 4\].*\[1, 3\]/);
    const unbuilt = new Dense({ units: 2 });
    unbuilt.apply(tensor([[1, 2, 3]]));
    expect(() => unbuilt.apply(tensor([[1, 2]]))).toThrow(/3 on axis -1.*\[1, 2\]/);
  });

  it('counts params and initialises deterministically from a seed', () => {
    const a = new Dense({ units: 3, kernelInitializer: { class_name: 'VarianceScaling', config: { scale: 1, mode: 'fan_avg', distribution: 'uniform', seed: 7 } } });
    const b = new Dense({ units: 3, kernelInitializer: { class_name: 'VarianceScaling', config: { scale: 1, mode: 'fan_avg', distribution: 'uniform', seed: 7 } } });
    a.apply(randomTensor([1, 4], 0));
    b.apply(randomTensor([1, 4], 0));
    expect(a.countParams()).toBe(15);
    expect([...a.kernel!.data]).toEqual([...b.kernel!.data]);
  });
});
