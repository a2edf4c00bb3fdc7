import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { assertGradients } from '../gradient-check.js';
import { compareLayer, expectConfigKeysMatch } from '../testing/layer-oracle.js';
import { randomTensor, setupBackends } from '../testing/oracle.js';
import { SeparableConv2D } from './separable-conv2d.js';

beforeAll(setupBackends);

describe('SeparableConv2D', () => {
  it.each([
    [2, 7, 6, 3, 5, 3, 1, 1, 'valid', 'relu'], [1, 8, 9, 5, 3, 3, 2, 2, 'same', 'linear'], [2, 5, 6, 2, 7, 2, 1, 1, 'same', 'softmax'],
  ] as const)('matches tfjs: %i×%i×%i×%i → %i filters, kernel %i, multiplier %i, strides %i, %s, %s', (b, h, w, c, filters, kernelSize, depthMultiplier, strides, padding, activation) => {
    const args = { filters, kernelSize, depthMultiplier, strides, padding, activation };
    compareLayer(new SeparableConv2D(args), tf.layers.separableConv2d(args), randomTensor([b, h, w, c], h + c));
  });
  it('gradient check, config keys, output shape', () => {
    const layer = new SeparableConv2D({ filters: 3, kernelSize: 3, padding: 'same' });
    const x = randomTensor([2, 4, 3, 2], 3);
    layer.apply(x);
    assertGradients((input) => layer.apply(input), [x, ...layer.trainableWeights]);
    // TF.js omits Keras' depth_multiplier from SeparableConv2D configs; Keras writes it.
    expectConfigKeysMatch(layer, tf.layers.separableConv2d({ filters: 3, kernelSize: 3 }), ['depth_multiplier']);
    expect(layer.getConfig().depth_multiplier).toBe(1);
    expect(layer.computeOutputShape([null, 4, 3, 2])).toEqual([null, 4, 3, 3]);
    expect(layer.weights.map((w) => w.name.split('/')[1])).toEqual(['depthwise_kernel', 'pointwise_kernel', 'bias']);
  });
});
