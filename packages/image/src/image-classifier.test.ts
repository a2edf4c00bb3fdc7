import { layers, sequential, tensor, type Sequential } from '@neurite/core';
import { describe, expect, it } from 'vitest';
import { ClassifierModelError, ImageInputError, loadImageClassifier, MBConv } from './index.js';
import { saliencyMaps } from './saliency.js';
import { drawCritter, pngOf } from './test-support/drawings.js';

const S = 4;

/** p(label 1) = sigmoid(w · x + b) on a 4×4 RGB input, with chosen weights. */
function linearModel(w: Float32Array, b = 0.1): Sequential {
  const model = sequential();
  model.add(layers.flatten({ inputShape: [S, S, 3] }));
  model.add(layers.dense({ units: 1, activation: 'sigmoid' }));
  model.build([null, S, S, 3]);
  model.setWeights([tensor(w, [S * S * 3, 1]), tensor([b], [1])]);
  return model;
}

const weights = Float32Array.from({ length: S * S * 3 }, (_, i) => Math.sin(i * 1.7) * (i % 5 === 0 ? 2 : 0.5));

describe('saliencyMaps', () => {
  it('is |∂score/∂x| max over channels, normalised — hand-derived for a linear model', () => {
    // ∂p/∂x_i = p(1 − p)·w_i, so the map is max_c |w_(pixel,c)| / max over all pixels, whichever label won.
    const model = linearModel(weights);
    const x = tensor(Float32Array.from({ length: 2 * S * S * 3 }, (_, i) => (i % 7) / 7), [2, S, S, 3]);
    const maps = saliencyMaps(model, x, [1, -1]);
    const raw = Array.from({ length: S * S }, (_, p) => Math.max(...[0, 1, 2].map((c) => Math.abs(weights[p * 3 + c]))));
    const top = Math.max(...raw);
    for (const map of maps) raw.forEach((v, p) => expect(map[p]).toBeCloseTo(v / top, 5));
  });

  it('agrees with finite differences of the winning score on a small conv net', () => {
    const model = sequential();
    model.add(layers.conv2d({ filters: 3, kernelSize: 3, padding: 'same', activation: 'tanh', inputShape: [S, S, 3] }));
    model.add(layers.globalAveragePooling2d({}));
    model.add(layers.dense({ units: 1, activation: 'sigmoid' }));
    const data = Float32Array.from({ length: S * S * 3 }, (_, i) => ((i * 37) % 11) / 11);
    const x = tensor(data, [1, S, S, 3]);
    const [map] = saliencyMaps(model, x, [-1]);
    const score = (d: Float32Array) => 1 - model.predict(tensor(d, [1, S, S, 3])).data[0]; // label 0 won (sign −1)
    const h = 1e-2;
    const fd = Array.from({ length: S * S }, (_, p) =>
      Math.max(...[0, 1, 2].map((c) => {
        const up = data.slice();
        const down = data.slice();
        up[p * 3 + c] += h;
        down[p * 3 + c] -= h;
        return Math.abs((score(up) - score(down)) / (2 * h));
      })),
    );
    const top = Math.max(...fd);
    fd.forEach((v, p) => expect(map[p]).toBeCloseTo(v / top, 2));
  });
});

describe('loadImageClassifier with your own model', () => {
  const png = pngOf(12, 8, drawCritter(12, 8, 3));

  it('takes a Sequential, your labels, and classifies with them', async () => {
    const model = linearModel(weights);
    const classifier = await loadImageClassifier({ model, labels: ['ham', 'spam'] as const });
    const r = await classifier.classify(png, { explain: true });
    expect(['ham', 'spam']).toContain(r.label);
    expect(r.scores.ham + r.scores.spam).toBeCloseTo(1, 6);
    expect(r.saliency!.width).toBe(S);
    expect(classifier.inputSize).toBe(S);
  });

  it('loads saved artifacts ({ modelJson, weights } or model.save("memory")) with the same scores', async () => {
    const model = linearModel(weights);
    const direct = await (await loadImageClassifier({ model })).classify(png);
    const artifacts = await model.save('memory');
    const loaded = await (await loadImageClassifier({ model: artifacts })).classify(png);
    expect(loaded.scores).toEqual(direct.scores);
  });

  it('loads a saved model holding MBConv blocks without customLayers (the package knows its own layers)', async () => {
    const model = sequential({
      layers: [
        layers.conv2d({ filters: 8, kernelSize: 3, strides: 2, padding: 'same', inputShape: [S, S, 3] }),
        new MBConv({ filters: 8, expandRatio: 2, kernelSize: 3 }),
        layers.globalAveragePooling2d({}),
        layers.dense({ units: 1, activation: 'sigmoid' }),
      ],
    });
    model.build([null, S, S, 3]);
    const direct = await (await loadImageClassifier({ model })).classify(png);
    const loaded = await (await loadImageClassifier({ model: await model.save('memory') })).classify(png);
    expect(loaded.scores).toEqual(direct.scores);
  });

  it('refuses models of another kind with ClassifierModelError, and bad labels with ImageInputError', async () => {
    const tenWay = sequential();
    tenWay.add(layers.flatten({ inputShape: [S, S, 3] }));
    tenWay.add(layers.dense({ units: 10, activation: 'softmax' }));
    await expect(loadImageClassifier({ model: tenWay })).rejects.toBeInstanceOf(ClassifierModelError);
    const grey = sequential();
    grey.add(layers.flatten({ inputShape: [S, S, 1] }));
    grey.add(layers.dense({ units: 1, activation: 'sigmoid' }));
    await expect(loadImageClassifier({ model: grey })).rejects.toThrow(/square RGB input/);
    await expect(loadImageClassifier({ model: linearModel(weights), labels: ['one'] as never })).rejects.toBeInstanceOf(ImageInputError);
  });
});
