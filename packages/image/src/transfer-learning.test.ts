/**
 * Transfer learning on the shipped classifier's backbone, the way the README shows it: take the
 * pretrained EfficientNet-Lite0 layers, freeze them, put a new head on top and `fit` it. The head
 * must learn; the backbone's weights and BatchNorm statistics must not move.
 */
import { adam, layers, sequential, tensor } from '@neurite/core';
import { describe, expect, it } from 'vitest';
import { loadImageClassifier, preprocess } from './index.js';
import { drawCritter } from './test-support/drawings.js';

describe('a new head on the shipped, frozen backbone', () => {
  it('trains with fit while the backbone stays exactly as shipped', async () => {
    const { model } = await loadImageClassifier();
    const backbone = model.layers.slice(0, -2); // without the cat/dog dropout + dense
    for (const layer of backbone) layer.trainable = false;
    const mine = sequential({ layers: [...backbone, layers.dense({ units: 3, activation: 'softmax' })] });
    mine.compile({ optimizer: adam({ learningRate: 0.01 }), loss: 'sparse_categorical_crossentropy', metrics: ['accuracy'] });
    expect(mine.trainableWeights.map((w) => w.shape)).toEqual([[1280, 3], [3]]);

    // Three "classes" of drawings: the critter at three sizes.
    const pictures = [0, 1, 2, 3, 4, 5].map((seed) => ({ width: 40 + (seed % 3) * 30, height: 40, data: drawCritter(40 + (seed % 3) * 30, 40, seed) }));
    const { data, shape } = await preprocess(pictures, { size: model.inputShape![1] as number, fit: 'squash' });
    const x = tensor(data, shape);
    const y = tensor([0, 1, 2, 0, 1, 2], [6, 1]);
    const before = backbone.flatMap((l) => l.weights.map((w) => Float32Array.from(w.data)));
    const history = await mine.fit(x, y, { epochs: 8, batchSize: 6, verbose: 0 });
    const loss = history.history.loss as number[];
    expect(loss[loss.length - 1]).toBeLessThan(loss[0] * 0.7);
    const after = backbone.flatMap((l) => l.weights.map((w) => w.data));
    expect(after.every((w, i) => w.every((v, j) => v === before[i][j]))).toBe(true);
  }, 120_000);
});
