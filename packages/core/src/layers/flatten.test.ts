import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { assertGradients } from '../gradient-check.js';
import { compareLayer, expectConfigKeysMatch } from '../testing/layer-oracle.js';
import { randomTensor, setupBackends } from '../testing/oracle.js';
import { Flatten } from './flatten.js';

beforeAll(setupBackends);

describe('Flatten', () => {
  it('matches tfjs, passes the gradient check, config keys match', () => {
    compareLayer(new Flatten(), tf.layers.flatten(), randomTensor([3, 5, 2, 3], 1));
    const layer = new Flatten();
    assertGradients((x) => layer.apply(x), [randomTensor([2, 3, 5], 2)]);
    expectConfigKeysMatch(layer, tf.layers.flatten());
    expect(layer.computeOutputShape([null, 4, 3, 5])).toEqual([null, 60]);
    expect(() => layer.computeOutputShape([null, null, 3])).toThrow(/inputShape/);
  });
});
