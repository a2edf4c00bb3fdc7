import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { ValueError } from '../errors.js';
import { assertGradients } from '../gradient-check.js';
import { ModelFormatError } from '../io/errors.js';
import { loadModel } from '../io/load.js';
import type { ModelArtifacts } from '../io/artifacts.js';
import { Sequential } from '../model/sequential.js';
import { setSeed } from '../random.js';
import { Tensor } from '../tensor.js';
import { compareLayer, expectConfigKeysMatch } from '../testing/layer-oracle.js';
import { expectClose, expectTensorClose, randomTensor, setupBackends, toTf } from '../testing/oracle.js';
import * as layers from './index.js';
import { Rescaling } from './rescaling.js';

beforeAll(setupBackends);

/** Pixel-like values in [0, 255). */
function pixels(shape: number[], seed: number): Tensor {
  const t = randomTensor(shape, seed, 127.5);
  return new Tensor(t.data.map((v) => v + 127.5), shape, 'float32');
}

function rescaledModel(seed: number): Sequential {
  setSeed(seed);
  return new Sequential({
    layers: [
      layers.rescaling({ scale: 1 / 127.5, offset: -1, inputShape: [5, 5, 3] }),
      layers.conv2d({ filters: 2, kernelSize: 3, activation: 'tanh' }),
      layers.flatten(),
      layers.dense({ units: 3 }),
    ],
  });
}

describe('Rescaling', () => {
  it.each([
    ['scale 1/127.5, offset −1', { scale: 1 / 127.5, offset: -1 }],
    ['scale 1/255, offset omitted', { scale: 1 / 255 }],
    ['negative scale, positive offset', { scale: -2.5, offset: 0.75 }],
  ])('%s: values and input gradient match tfjs on a 4-D input', (_label, args) => {
    compareLayer(new Rescaling(args), tf.layers.rescaling(args), pixels([2, 4, 5, 3], 7));
  });

  it('int32 input is computed in float32, as in tfjs', () => {
    const ids = new Tensor(Int32Array.from([0, 17, 128, 255, 3, 99]), [2, 3], 'int32');
    const out = new Rescaling({ scale: 1 / 255, offset: 0.5 }).apply(ids);
    expect(out.dtype).toBe('float32');
    expectTensorClose(out, tf.layers.rescaling({ scale: 1 / 255, offset: 0.5 }).apply(toTf(ids)) as tf.Tensor, 1e-6);
  });

  it('passes the finite-difference gradient check (gradient = scale)', () => {
    const layer = new Rescaling({ scale: -1.75, offset: 0.3 });
    assertGradients((x) => layer.apply(x), [randomTensor([2, 3, 4, 2], 11)]);
  });

  it('has no weights, keeps the shape, config keys match tfjs', () => {
    const layer = new Rescaling({ scale: 0.5, offset: 2 });
    expect(layer.apply(randomTensor([2, 3, 4], 1)).shape).toEqual([2, 3, 4]);
    expect(layer.weights).toEqual([]);
    expect(layer.countParams()).toBe(0);
    expect(layer.computeOutputShape([null, 8, 8, 3])).toEqual([null, 8, 8, 3]);
    expect(layer.getConfig()).toMatchObject({ scale: 0.5, offset: 2 });
    expect(new Rescaling({ scale: 3 }).getConfig().offset).toBe(0);
    expect(layer.name).toMatch(/^rescaling(_\d+)?$/);
    expectConfigKeysMatch(layer, tf.layers.rescaling({ scale: 0.5, offset: 2 }));
  });

  it('rejects a missing or non-finite scale or offset with a ValueError', () => {
    for (const scale of [NaN, Infinity, -Infinity, undefined, '2', [1, 2, 3]]) {
      expect(() => new Rescaling({ scale } as never), String(scale)).toThrow(ValueError);
    }
    expect(() => new Rescaling({ scale: NaN })).toThrow(/scale must be a finite number, got NaN/);
    expect(() => new Rescaling({ scale: [0.5, 0.5] } as never)).toThrow(/scale must be a finite number, got \[0\.5,0\.5\]/);
    for (const offset of [NaN, Infinity, '1', [0, 1]]) {
      expect(() => new Rescaling({ scale: 1, offset } as never), String(offset)).toThrow(/offset must be a finite number/);
    }
    expect(() => new Rescaling(undefined as never)).toThrow(ValueError);
  });
});

describe('Rescaling save / load', () => {
  it('round-trips through Neurite with the same config and predictions', async () => {
    const model = rescaledModel(3);
    const x = pixels([2, 5, 5, 3], 12);
    const loaded = await loadModel(await model.save('memory'));
    const layer = loaded.layers[0] as Rescaling;
    expect(layer).toBeInstanceOf(Rescaling);
    expect([layer.scale, layer.offset]).toEqual([1 / 127.5, -1]);
    expect(Array.from(loaded.predict(x).data)).toEqual(Array.from(model.predict(x).data));
  });

  it('a Neurite model loads in tfjs with the same predictions', async () => {
    const model = rescaledModel(4);
    const x = pixels([3, 5, 5, 3], 13);
    const artifacts = await model.save('memory');
    const theirs = await tf.loadLayersModel(tf.io.fromMemory(artifacts as unknown as tf.io.ModelArtifacts));
    expect(theirs.layers[0].getClassName()).toBe('Rescaling');
    expect(theirs.layers[0].getConfig()).toMatchObject({ scale: 1 / 127.5, offset: -1 });
    expectClose(model.predict(x).data, (theirs.predict(toTf(x)) as tf.Tensor).dataSync(), 1e-4, 'rescaled model in tfjs');
  });

  it('a tfjs model with Rescaling loads in Neurite with the same predictions', async () => {
    const m = tf.sequential();
    m.add(tf.layers.rescaling({ scale: 1 / 127.5, offset: -1, inputShape: [5, 5, 3] }));
    m.add(tf.layers.conv2d({ filters: 2, kernelSize: 3, activation: 'tanh' }));
    m.add(tf.layers.rescaling({ scale: 3 }));
    m.add(tf.layers.flatten());
    m.add(tf.layers.dense({ units: 2 }));
    m.setWeights(m.weights.map((w, i) => tf.randomUniform(w.shape as number[], -0.5, 0.5, 'float32', 20 + i)));
    let artifacts: tf.io.ModelArtifacts | undefined;
    await m.save(tf.io.withSaveHandler(async (a) => {
      artifacts = a;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }));
    const loaded = await loadModel(artifacts as unknown as ModelArtifacts);
    expect(loaded.layers.map((l) => l.getClassName())).toEqual(['Rescaling', 'Conv2D', 'Rescaling', 'Flatten', 'Dense']);
    expect((loaded.layers[2] as Rescaling).offset).toBe(0);
    const x = pixels([2, 5, 5, 3], 14);
    expectTensorClose(loaded.predict(x), m.predict(toTf(x)) as tf.Tensor, 1e-4, 'tfjs rescaled model');
  });

  it('a model.json whose Rescaling has a non-finite scale is a ModelFormatError', async () => {
    const artifacts = await rescaledModel(5).save('memory');
    const topology = structuredClone(artifacts.modelTopology) as { config: { layers: { config: Record<string, unknown> }[] } };
    topology.config.layers[0].config.scale = null;
    await expect(loadModel({ ...artifacts, modelTopology: topology })).rejects.toThrow(ModelFormatError);
    await expect(loadModel({ ...artifacts, modelTopology: topology })).rejects.toThrow(/scale must be a finite number/);
  });
});
