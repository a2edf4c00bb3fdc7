import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { UnknownNameError } from '../errors.js';
import { assertGradients } from '../gradient-check.js';
import { compareLayer, expectConfigKeysMatch } from '../testing/layer-oracle.js';
import { randomTensor, setupBackends } from '../testing/oracle.js';
import { ActivationLayer } from './activation.js';

beforeAll(setupBackends);

describe('Activation', () => {
  it.each(['relu', 'relu6', 'sigmoid', 'tanh', 'softmax', 'linear', 'elu', 'softplus'])('%s matches tfjs and the gradient check', (activation) => {
    compareLayer(new ActivationLayer({ activation }), tf.layers.activation({ activation: activation as 'relu' }), randomTensor([3, 7], 1, 3));
    const layer = new ActivationLayer({ activation });
    assertGradients((x) => layer.apply(x), [randomTensor([2, 5], 2, 3)]);
  });
  it('config keys match and unknown names are rejected', () => {
    expectConfigKeysMatch(new ActivationLayer({ activation: 'relu' }), tf.layers.activation({ activation: 'relu' }));
    expect(() => new ActivationLayer({ activation: 'swishy' })).toThrow(UnknownNameError);
  });
});
