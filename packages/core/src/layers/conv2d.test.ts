import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { ShapeError } from '../errors.js';
import { assertGradients } from '../gradient-check.js';
import { compareLayer, expectConfigKeysMatch } from '../testing/layer-oracle.js';
import { randomTensor, setupBackends } from '../testing/oracle.js';
import { Conv2D } from './conv2d.js';

beforeAll(setupBackends);

describe('Conv2D', () => {
  it.each([
    [2, 7, 6, 3, 5, 3, 1, 'valid', 'relu'],
    [1, 9, 9, 1, 4, 3, 2, 'same', 'linear'],
    [3, 6, 5, 2, 7, [2, 3], 1, 'same', 'sigmoid'],
    [2, 8, 7, 5, 3, 5, [2, 1], 'valid', 'tanh'],
  ] as const)('matches tfjs: batch %i, %ix%ix%i → %i filters, kernel %j, strides %j, %s, %s', (batch, h, w, c, filters, kernelSize, strides, padding, activation) => {
    const args = { filters, kernelSize: kernelSize as number | [number, number], strides: strides as number | [number, number], padding, activation };
    compareLayer(new Conv2D(args), tf.layers.conv2d(args), randomTensor([batch, h, w, c], h * 7 + c));
  });

  it('matches tfjs forward with dilation (tfjs has no dilated gradient)', () => {
    const ours = new Conv2D({ filters: 3, kernelSize: 3, dilationRate: 2 });
    const x = randomTensor([2, 9, 8, 2], 3);
    const out = ours.apply(x);
    const theirs = tf.layers.conv2d({ filters: 3, kernelSize: 3, dilationRate: 2 });
    theirs.apply(tf.tensor(x.data, x.shape));
    theirs.setWeights(ours.getWeights().map((w) => tf.tensor(w.data, w.shape)));
    const expected = (theirs.apply(tf.tensor(x.data, x.shape)) as tf.Tensor).dataSync();
    expect(Math.max(...out.data.map((v, i) => Math.abs(v - expected[i])))).toBeLessThan(1e-5);
  });

  it('passes the finite-difference gradient check (incl. dilation)', () => {
    const layer = new Conv2D({ filters: 2, kernelSize: 3, padding: 'same', dilationRate: 2, activation: 'tanh' });
    const x = randomTensor([2, 5, 4, 3], 2);
    layer.apply(x);
    assertGradients((input) => layer.apply(input), [x, ...layer.trainableWeights]);
  });

  it('config keys match TF.js and output shape is computed', () => {
    const ours = new Conv2D({ filters: 4, kernelSize: 3, strides: 2, padding: 'same' });
    expectConfigKeysMatch(ours, tf.layers.conv2d({ filters: 4, kernelSize: 3, strides: 2, padding: 'same' }));
    expect(ours.computeOutputShape([null, 7, 8, 3])).toEqual([null, 4, 4, 4]);
    expect(ours.getConfig()).toMatchObject({ kernel_size: [3, 3], strides: [2, 2], padding: 'same', data_format: 'channels_last' });
  });

  it('rejects wrong rank and too-small inputs with typed errors', () => {
    const layer = new Conv2D({ filters: 2, kernelSize: 5, name: 'c1' });
    expect(() => layer.apply(randomTensor([3, 3, 1], 0))).toThrow(/'c1'.*rank 4.*\[3, 3, 1\]/);
    expect(() => layer.apply(randomTensor([1, 3, 3, 1], 0))).toThrow(ShapeError);
  });
});
