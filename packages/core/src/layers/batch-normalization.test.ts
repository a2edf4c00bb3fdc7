import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { assertGradients } from '../gradient-check.js';
import { compareLayer, expectConfigKeysMatch } from '../testing/layer-oracle.js';
import { expectClose, randomTensor, setupBackends, toTf } from '../testing/oracle.js';
import { BatchNormalization } from './batch-normalization.js';

beforeAll(setupBackends);

function randomise(layer: BatchNormalization): void {
  // Non-trivial gamma/beta/moving statistics so inference mode is really tested.
  layer.gamma!.assign(randomTensor([layer.gamma!.size], 1));
  layer.beta!.assign(randomTensor([layer.beta!.size], 2));
  layer.movingMean!.assign(randomTensor([layer.movingMean!.size], 3));
  layer.movingVariance!.assign(randomTensor([layer.movingVariance!.size], 4).data.map((v) => v * v + 0.2));
}

describe('BatchNormalization', () => {
  it.each([[[6, 5]], [[2, 3, 4, 7]], [[3, 5, 3]]])('matches tfjs in training mode: %j', (shape) => {
    compareLayer(new BatchNormalization(), tf.layers.batchNormalization(), randomTensor(shape, shape.length), { training: true });
  });

  it.each([[[6, 5]], [[2, 3, 4, 7]]])('matches tfjs in inference mode (moving statistics): %j', (shape) => {
    const layer = new BatchNormalization();
    const x = randomTensor(shape, 9);
    layer.apply(x);
    randomise(layer);
    compareLayer(layer, tf.layers.batchNormalization(), x);
  });

  it('updates moving statistics like tfjs (momentum 0.99) and only in training', () => {
    const x = randomTensor([8, 3], 5, 4);
    const ours = new BatchNormalization({ momentum: 0.9 });
    const theirs = tf.layers.batchNormalization({ momentum: 0.9 });
    ours.apply(x);
    theirs.apply(toTf(x));
    const before = ours.getWeights().map((w) => [...w.data]);
    ours.apply(x);
    expect(ours.getWeights().map((w) => [...w.data])).toEqual(before);
    ours.apply(x, { training: true });
    theirs.apply(toTf(x), { training: true });
    const tw = theirs.getWeights();
    expectClose(ours.movingMean!.data, tw[2].dataSync(), 1e-5, 'moving mean');
    expectClose(ours.movingVariance!.data, tw[3].dataSync(), 1e-5, 'moving variance');
    expect(ours.trainableWeights.map((w) => w.name)).toEqual([`${ours.name}/gamma`, `${ours.name}/beta`]);
    expect(ours.nonTrainableWeights.map((w) => w.name)).toEqual([`${ours.name}/moving_mean`, `${ours.name}/moving_variance`]);
  });

  it('frozen (trainable = false): inference mode even in training calls, moving statistics untouched (Keras)', () => {
    const layer = new BatchNormalization();
    const x = randomTensor([6, 3], 11, 3);
    layer.apply(x);
    randomise(layer);
    const before = layer.getWeights().map((w) => [...w.data]);
    layer.trainable = false;
    expect(Array.from(layer.apply(x, { training: true }).data)).toEqual(Array.from(layer.apply(x).data));
    expect(layer.getWeights().map((w) => [...w.data])).toEqual(before);
    layer.trainable = true;
    expect(Array.from(layer.apply(x, { training: true }).data)).not.toEqual(Array.from(layer.apply(x).data));
  });

  it('passes the gradient check in training and inference modes', () => {
    const layer = new BatchNormalization();
    const x = randomTensor([5, 4], 6);
    layer.apply(x);
    randomise(layer);
    assertGradients((input) => layer.apply(input), [x, ...layer.trainableWeights]);
    // Training mode updates moving stats on every call, which does not affect the output.
    assertGradients((input) => layer.apply(input, { training: true }), [x, ...layer.trainableWeights], { epsilon: 1e-2 });
  });

  it('config keys match TF.js with Keras defaults', () => {
    const ours = new BatchNormalization();
    expectConfigKeysMatch(ours, tf.layers.batchNormalization());
    expect(ours.getConfig()).toMatchObject({ momentum: 0.99, epsilon: 1e-3, axis: -1 });
  });
});
