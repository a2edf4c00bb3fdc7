import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { assertGradients } from '../gradient-check.js';
import { compareLayer, expectConfigKeysMatch } from '../testing/layer-oracle.js';
import { randomTensor, setupBackends } from '../testing/oracle.js';
import { DepthwiseConv2D } from './depthwise-conv2d.js';

beforeAll(setupBackends);

describe('DepthwiseConv2D', () => {
  it.each([
    [2, 7, 6, 3, 3, 1, 1, 'valid', 'relu'], [1, 8, 9, 5, 3, 2, 2, 'same', 'linear'], [3, 5, 5, 2, 2, 3, 1, 'same', 'tanh'], [2, 6, 7, 4, 3, 1, 2, 'same', 'relu6'],
  ] as const)('matches tfjs: %i×%i×%i×%i kernel %i multiplier %i strides %i %s %s', (b, h, w, c, kernelSize, depthMultiplier, strides, padding, activation) => {
    const args = { kernelSize, depthMultiplier, strides, padding, activation };
    compareLayer(new DepthwiseConv2D(args), tf.layers.depthwiseConv2d(args), randomTensor([b, h, w, c], h * w + c));
  });
  it('gradient check, config keys, output shape', () => {
    const layer = new DepthwiseConv2D({ kernelSize: 3, depthMultiplier: 2, padding: 'same', activation: 'sigmoid' });
    const x = randomTensor([2, 4, 3, 3], 3);
    layer.apply(x);
    assertGradients((input) => layer.apply(input), [x, ...layer.trainableWeights]);
    expectConfigKeysMatch(layer, tf.layers.depthwiseConv2d({ kernelSize: 3 }));
    expect(layer.computeOutputShape([null, 4, 3, 3])).toEqual([null, 4, 3, 6]);
  });
});
