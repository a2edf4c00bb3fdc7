import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { assertGradients } from '../gradient-check.js';
import { compareLayer, expectConfigKeysMatch } from '../testing/layer-oracle.js';
import { randomTensor, setupBackends } from '../testing/oracle.js';
import { GlobalAveragePooling2D } from './global-average-pooling2d.js';

beforeAll(setupBackends);

describe('GlobalAveragePooling2D', () => {
  it('matches tfjs, passes the gradient check, config keys match', () => {
    compareLayer(new GlobalAveragePooling2D(), tf.layers.globalAveragePooling2d({}), randomTensor([3, 5, 7, 6], 1));
    const layer = new GlobalAveragePooling2D();
    assertGradients((x) => layer.apply(x), [randomTensor([2, 3, 3, 5], 2)]);
    expectConfigKeysMatch(layer, tf.layers.globalAveragePooling2d({}));
    expect(layer.computeOutputShape([null, 4, 4, 5])).toEqual([null, 5]);
  });
});
