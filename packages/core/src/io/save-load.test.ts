/** Saving and loading round trips: memory, directory, file: URL, http(s), handlers, custom layers, modelCheckpoint. */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { modelCheckpoint } from '../callbacks/index.js';
import { ValueError } from '../errors.js';
import * as layers from '../layers/index.js';
import { Layer, type LayerShape } from '../layers/layer.js';
import { registeredLayerNames } from '../layers/registry.js';
import { Sequential } from '../model/sequential.js';
import { globalRng, setSeed } from '../random.js';
import { Tensor } from '../tensor.js';
import type { Variable } from '../variable.js';
import { randomTensor, setupBackends } from '../testing/oracle.js';
import type { ModelArtifacts, ModelJSON } from './artifacts.js';
import { ModelIOError, UnknownLayerError, WeightDataError } from './errors.js';
import { loadModel } from './load.js';
import { dequantize, quantize, type QuantizationDType } from './quantize.js';
import { saveModel } from './save.js';
import { bidirectionalModel, convModel, lstmModel, mixedModel, ScaledDense } from './test-models.js';
import { withServer, withTempDir } from './test-support.js';

beforeAll(setupBackends);

const convInput = () => randomTensor([3, 8, 8, 2], 100);

function expectSameWeights(a: Sequential, b: Sequential): void {
  expect(b.weights.map((w) => w.shape)).toEqual(a.weights.map((w) => w.shape));
  a.weights.forEach((w, i) => expect(Array.from(b.weights[i].data)).toEqual(Array.from(w.data)));
}

describe('artifacts (memory)', () => {
  it('write the TF.js layers format: topology, tfjs weight names, little-endian float32 in manifest order', async () => {
    const model = convModel(1);
    const a = await model.save('memory');
    expect(a.format).toBe('layers-model');
    expect(a.convertedBy).toBeNull();
    expect(a.generatedBy).toMatch(/Neurite/);
    const topology = a.modelTopology as { class_name: string; config: { name: string; layers: { class_name: string; config: Record<string, unknown> }[] }; keras_version: string; backend: string };
    expect(topology.class_name).toBe('Sequential');
    expect(topology.config.name).toBe(model.name);
    expect(topology.keras_version).toBe('tfjs-layers 4.22.0');
    expect(topology.backend).toBe('tensor_flow.js');
    expect(topology.config.layers.map((l) => l.class_name)).toEqual(['Conv2D', 'MaxPooling2D', 'Flatten', 'Dense']);
    expect(topology.config.layers[0].config).toMatchObject({ filters: 4, kernel_size: [3, 3], activation: 'relu', use_bias: true, batch_input_shape: [null, 8, 8, 2] });
    const names = model.layers.map((l) => l.name);
    expect(a.weightSpecs).toEqual([
      { name: `${names[0]}/kernel`, shape: [3, 3, 2, 4], dtype: 'float32' },
      { name: `${names[0]}/bias`, shape: [4], dtype: 'float32' },
      { name: `${names[3]}/kernel`, shape: [36, 3], dtype: 'float32' },
      { name: `${names[3]}/bias`, shape: [3], dtype: 'float32' },
    ]);
    const data = new DataView(a.weightData as ArrayBuffer);
    const flat = model.getWeights().flatMap((w) => Array.from(w.data));
    expect(data.byteLength).toBe(flat.length * 4);
    flat.forEach((v, i) => expect(data.getFloat32(i * 4, true)).toBe(v));
  });

  it('round-trip every kind of layer bit for bit, with a model that was built from data (no inputShape)', async () => {
    const built = new Sequential({ layers: [layers.dense({ units: 4, activation: 'tanh' }), layers.dense({ units: 2 })] });
    built.predict(randomTensor([1, 5], 1));
    for (const model of [convModel(2), lstmModel(3), mixedModel(4), bidirectionalModel(5), built]) {
      const loaded = await loadModel(await model.save('memory'));
      expect(loaded.name).toBe(model.name);
      expect(loaded.layers.map((l) => l.getConfig())).toEqual(model.layers.map((l, i) => (i === 0 ? { ...l.getConfig(), batch_input_shape: [null, ...model.inputShape!.slice(1)] } : l.getConfig())));
      expectSameWeights(model, loaded);
    }
    const x = convInput();
    const model = convModel(6);
    expect(Array.from((await loadModel(await model.save('memory'))).predict(x).data)).toEqual(Array.from(model.predict(x).data));
  });

  it('round-trip the augmentation layers (tfjs 4.22 has no RandomFlip etc., so these load only here)', async () => {
    const model = new Sequential({ layers: [
      layers.randomFlip({ mode: 'horizontal', seed: 1, inputShape: [8, 8, 3] }), layers.randomRotation({ factor: 0.1, fillMode: 'nearest' }), layers.randomZoom({ heightFactor: [-0.2, 0.1] }),
      layers.randomTranslation({ heightFactor: 0.1, widthFactor: 0.2 }), layers.randomContrast({ factor: 0.2 }), layers.flatten(), layers.dense({ units: 1 }),
    ] });
    const loaded = await loadModel(await model.save('memory'));
    expect(loaded.layers.map((l) => l.getConfig())).toEqual(model.layers.map((l) => l.getConfig()));
    expectSameWeights(model, loaded);
  });

  it('load { modelJson, weights } with modelJson as text, object or bytes, and TF.js-style { load() } handlers', async () => {
    const model = mixedModel(7);
    const a = await model.save('memory');
    const json = { format: 'layers-model', modelTopology: a.modelTopology, weightsManifest: [{ paths: ['w.bin'], weights: a.weightSpecs! }] };
    for (const modelJson of [JSON.stringify(json), json, new TextEncoder().encode(JSON.stringify(json))]) {
      expectSameWeights(model, await loadModel({ modelJson, weights: a.weightData as ArrayBuffer }));
    }
    expectSameWeights(model, await loadModel({ modelJson: json, weights: [new Uint8Array(a.weightData as ArrayBuffer)] }));
    expectSameWeights(model, await loadModel({ load: async () => a }));
    await expect(loadModel({ load: async () => { throw new Error('disk on fire'); } })).rejects.toThrow(ModelIOError);
  });

  it('draws no initial weights for a file that has weights (they would be overwritten)', async () => {
    const a = await mixedModel(7).save('memory');
    // The only draw left is the Sequential's own seed, as for any model made without one.
    setSeed(5);
    new Sequential();
    const afterConstructor = globalRng().getState();
    setSeed(5);
    await loadModel({ load: async () => a });
    expect(globalRng().getState()).toEqual(afterConstructor);
    // A topology-only file still gets freshly drawn weights.
    const model = await loadModel({ modelJson: { modelTopology: a.modelTopology } });
    expect(model.weights.some((w) => w.data.some((v) => v !== 0))).toBe(true);
  });

  it('draws nothing and checks the budget for weights a custom layer makes inside its build()', async () => {
    const model = new Sequential({ layers: [new DenseMadeInBuild({ inputShape: [4] })] });
    const a = await model.save('memory');
    setSeed(5);
    new Sequential();
    const afterConstructor = globalRng().getState();
    setSeed(5);
    const loaded = await loadModel({ load: async () => a }, { customLayers: { DenseMadeInBuild } });
    expect(globalRng().getState()).toEqual(afterConstructor);
    const x = randomTensor([2, 4], 3);
    expect(Array.from((loaded.predict(x) as Tensor).data)).toEqual(Array.from((model.predict(x) as Tensor).data));
    // Topology only: the inner Dense's 4 × 3 kernel is over a 2-value (8-byte) budget.
    const err = await loadModel({ modelJson: { modelTopology: a.modelTopology } }, { customLayers: { DenseMadeInBuild }, maxWeightBytes: 8 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WeightDataError);
    expect((err as Error).message).toMatch(/would create weight 'kernel' of shape \[4, 3\]/);
  });

  it('save to a handler { save(artifacts) } and return what it returns', async () => {
    const model = lstmModel(8);
    let got: ModelArtifacts | undefined;
    const result = await model.save({ save: (artifacts) => { got = artifacts; return 'stored'; } });
    expect(result).toBe('stored');
    expectSameWeights(model, await loadModel(got!));
    expect(await saveModel(model, { save: async () => 7 })).toBe(7);
  });

  it('refuses to save what could not be loaded back, with typed errors', async () => {
    const unbuilt = new Sequential({ layers: [layers.dense({ units: 2 })] });
    await expect(unbuilt.save('memory')).rejects.toThrow(ValueError);
    const model = convModel(9);
    model.weights[1].data[2] = NaN;
    await expect(model.save('memory')).rejects.toThrow(WeightDataError);
    await expect(convModel(9).save('https://example.com/upload')).rejects.toThrow(ModelIOError);
    await expect(convModel(9).save(42 as never)).rejects.toThrow(ValueError);
  });
});

describe('quantized weights (save options { quantize })', () => {
  /** What the loaded weights must be: each float32 weight quantized and read back. */
  const dequantized = (model: Sequential, dtype: QuantizationDType) => model.getWeights().map((w) => {
    const { codes, quantization } = quantize(w.data as Float32Array, dtype);
    return { values: dequantize(codes, quantization), scale: quantization.scale };
  });

  it('uint8: every float32 weight stored as one byte; loads back as the dequantized weights (within scale / 2), with their predictions', async () => {
    const model = convModel(20);
    const a = await model.save('memory', { quantize: { dtype: 'uint8' } });
    expect(a.weightSpecs!.map((s) => s.quantization?.dtype)).toEqual(['uint8', 'uint8', 'uint8', 'uint8']);
    expect((a.weightData as ArrayBuffer).byteLength).toBe(model.countParams());
    const loaded = await loadModel(a);
    const expected = dequantized(model, 'uint8');
    loaded.weights.forEach((w, i) => {
      expect(Array.from(w.data), w.name).toEqual(Array.from(expected[i].values));
      const original = model.weights[i].data;
      w.data.forEach((v, j) => expect(Math.abs(v - original[j])).toBeLessThanOrEqual(expected[i].scale / 2 + Math.abs(original[j]) * 2 ** -23));
    });
    const x = convInput();
    const before = model.predict(x);
    model.setWeights(expected.map((e, i) => new Tensor(e.values, model.weights[i].shape)));
    expect(Array.from(loaded.predict(x).data)).toEqual(Array.from(model.predict(x).data));
    expect(Array.from(loaded.predict(x).data)).not.toEqual(Array.from(before.data));
  });

  it('uint16 to a directory: model.json carries {dtype, min, scale}, the shard 2 bytes a value; loadModel(dir) reads it', async () => {
    await withTempDir(async (dir) => {
      const model = lstmModel(21);
      const result = await model.save(dir, { quantize: { dtype: 'uint16' } });
      expect(result.weightBytes).toBe(model.countParams() * 2);
      const json = JSON.parse(await readFile(join(dir, 'model.json'), 'utf8')) as ModelJSON;
      for (const spec of json.weightsManifest[0].weights) {
        expect(spec.quantization, spec.name).toMatchObject({ dtype: 'uint16', min: expect.any(Number), scale: expect.any(Number) });
      }
      const loaded = await loadModel(dir);
      const expected = dequantized(model, 'uint16');
      loaded.weights.forEach((w, i) => expect(Array.from(w.data), w.name).toEqual(Array.from(expected[i].values)));
    });
  });

  it('weights: glob patterns over the manifest names select what is quantized (* also matches /)', async () => {
    const model = convModel(22);
    const [conv, , , dense] = model.layers.map((l) => l.name);
    const kinds = async (patterns: string[]) => (await saveModel(model, 'memory', { quantize: { dtype: 'uint8', weights: patterns } })).weightSpecs!.map((s) => s.quantization?.dtype ?? 'float32');
    expect(await kinds(['*/kernel'])).toEqual(['uint8', 'float32', 'uint8', 'float32']);
    expect(await kinds([`${dense}/bias`])).toEqual(['float32', 'float32', 'float32', 'uint8']);
    expect(await kinds([`${conv.slice(0, 3)}*`, '*/b?as'])).toEqual(['uint8', 'uint8', 'float32', 'uint8']);
    const a = await saveModel(model, 'memory', { quantize: { dtype: 'uint8', weights: ['*/kernel'] } });
    expect((a.weightData as ArrayBuffer).byteLength).toBe(3 * 3 * 2 * 4 + 4 * 4 + 36 * 3 + 3 * 4);
    expect(Array.from((await loadModel(a)).weights[1].data)).toEqual(Array.from(model.weights[1].data));
  });

  it('a pattern matching no weight, or malformed options, is a ValueError (never a silently unquantized model)', async () => {
    const model = convModel(23);
    const err = await model.save('memory', { quantize: { dtype: 'uint8', weights: ['*/kernel', 'dense/kernal'] } }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ValueError);
    expect((err as Error).message).toMatch(new RegExp(`pattern 'dense/kernal' matches no float32 weight.*'${model.layers[0].name}/kernel'`));
    for (const bad of [{ dtype: 'int8' }, { dtype: 'uint8', weights: [] }, { dtype: 'uint8', weights: 'dense/*' }, 'uint8']) {
      await expect(model.save('memory', { quantize: bad as never })).rejects.toThrow(ValueError);
    }
    await expect(model.save('memory', null as never)).rejects.toThrow(ValueError);
  });
});

describe('custom layers', () => {
  const customModel = () =>
    new Sequential({ layers: [layers.dense({ units: 3, inputShape: [4] }), new ScaledDense({ units: 2, scale: 0.5, name: 'scaled' })] });

  it('load through { customLayers } with no global registration; without it, the error lists known classes and the fix', async () => {
    expect(registeredLayerNames()).not.toContain('ScaledDense');
    const model = customModel();
    const a = await model.save('memory');
    const err = await loadModel(a).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UnknownLayerError);
    expect((err as Error).message).toMatch(/unknown layer class 'ScaledDense'/);
    expect((err as Error).message).toMatch(/Known layer classes: .*Dense.*LSTM/);
    expect((err as Error).message).toMatch(/customLayers: \{ ScaledDense \}/);
    const loaded = await loadModel(a, { customLayers: { ScaledDense } });
    expect(loaded.layers[1]).toBeInstanceOf(ScaledDense);
    expect((loaded.layers[1] as ScaledDense).scale).toBe(0.5);
    const x = randomTensor([5, 4], 3);
    expect(Array.from(loaded.predict(x).data)).toEqual(Array.from(model.predict(x).data));
    expect(registeredLayerNames()).not.toContain('ScaledDense');
  });

  it('use a static fromConfig when the class has one', async () => {
    class FromConfigLayer extends ScaledDense {
      static override className = 'FromConfigLayer';
      static calls = 0;
      static fromConfig(config: Record<string, unknown>) {
        FromConfigLayer.calls++;
        return new FromConfigLayer({ units: config.units as number, scale: config.scale as number, name: config.name as string, batchInputShape: config.batch_input_shape as number[] });
      }
    }
    const model = new Sequential({ layers: [new FromConfigLayer({ units: 2, scale: 2, inputShape: [3] })] });
    const loaded = await loadModel(await model.save('memory'), { customLayers: { FromConfigLayer } });
    expect(FromConfigLayer.calls).toBe(1);
    expectSameWeights(model, loaded);
  });
});

describe('directories and files (Node)', () => {
  it('save model.json + one shard; load by directory, model.json path or file: URL; a second save replaces the first and cleans up', async () => {
    await withTempDir(async (dir) => {
      const first = convModel(10);
      const result = await first.save(dir);
      const files = (await readdir(dir)).sort();
      expect(files).toHaveLength(2);
      expect(files[1]).toBe('model.json');
      expect(files[0]).toMatch(/^group1-shard1of1\.[0-9a-f]{16}\.bin$/);
      expect(result).toEqual({ modelJsonPath: join(dir, 'model.json'), weightPaths: [join(dir, files[0])], weightBytes: first.countParams() * 4 });
      const json = JSON.parse(await readFile(join(dir, 'model.json'), 'utf8')) as ModelJSON;
      expect(json.format).toBe('layers-model');
      expect(json.weightsManifest).toEqual([{ paths: [files[0]], weights: (await first.save('memory')).weightSpecs }]);
      expect(new Uint8Array(await readFile(join(dir, files[0])))).toEqual(new Uint8Array((await first.save('memory')).weightData as ArrayBuffer));
      for (const source of [dir, join(dir, 'model.json'), pathToFileURL(join(dir, 'model.json')).href]) expectSameWeights(first, await loadModel(source));

      const second = convModel(11);
      await second.save(pathToFileURL(dir));
      const after = await readdir(dir);
      expect(after).toHaveLength(2);
      expect(after).not.toContain(files[0]);
      expectSameWeights(second, await loadModel(dir));
    });
  });

  it('modelCheckpoint({ filepath }) saves through model.save each epoch', async () => {
    await withTempDir(async (dir) => {
      const model = new Sequential({ layers: [layers.dense({ units: 1, inputShape: [3] })] });
      model.compile({ optimizer: 'sgd', loss: 'mse' });
      const x = randomTensor([8, 3], 1);
      const y = randomTensor([8, 1], 2);
      await model.fit(x, y, { epochs: 2, batchSize: 4, verbose: 0, callbacks: [modelCheckpoint({ filepath: join(dir, 'epoch-{epoch}'), monitor: 'loss' })] });
      expect((await readdir(dir)).sort()).toEqual(['epoch-1', 'epoch-2']);
      const last = await loadModel(join(dir, 'epoch-2'));
      expectSameWeights(model, last);
      const firstEpoch = await loadModel(join(dir, 'epoch-1'));
      expect(Array.from(firstEpoch.weights[0].data)).not.toEqual(Array.from(model.weights[0].data));
    });
  });

  it('missing files are ModelIOErrors naming the path', async () => {
    await withTempDir(async (dir) => {
      await expect(loadModel(join(dir, 'nope'))).rejects.toThrow(ModelIOError);
      await expect(loadModel(dir)).rejects.toThrow(/model\.json/);
      await convModel(12).save(dir);
      const json = JSON.parse(await readFile(join(dir, 'model.json'), 'utf8')) as ModelJSON;
      await expect(loadModel({ modelJson: json, weights: new ArrayBuffer(0) })).rejects.toThrow(WeightDataError);
      await expect(loadModel('indexeddb://my-model')).rejects.toThrow(ModelIOError);
    });
  });
});

describe('http(s)', () => {
  it('fetch model.json from a URL and its shards relative to it, only the URLs given', async () => {
    await withTempDir(async (dir) => {
      const model = bidirectionalModel(13);
      await model.save(join(dir, 'models', 'text'));
      await withServer(dir, async (base, requests) => {
        const loaded = await loadModel(`${base}/models/text/model.json`);
        expectSameWeights(model, loaded);
        expect(requests).toHaveLength(2);
        expect(requests[0]).toBe('/models/text/model.json');
        expect(requests[1]).toMatch(/^\/models\/text\/group1-shard1of1\.[0-9a-f]{16}\.bin$/);
        let calls = 0;
        const counting: typeof fetch = (input, init) => {
          calls++;
          return fetch(input, init);
        };
        expectSameWeights(model, await loadModel(new URL(`${base}/models/text/model.json`), { fetch: counting }));
        expect(calls).toBe(2);
        await expect(loadModel(`${base}/models/missing/model.json`)).rejects.toThrow(/HTTP 404/);
      });
    });
  });

  it('an unreachable server is a ModelIOError', async () => {
    const failing: typeof fetch = async () => { throw new TypeError('fetch failed'); };
    await expect(loadModel('https://models.invalid/model.json', { fetch: failing })).rejects.toThrow(ModelIOError);
  });
});

describe('Keras-written model.json', () => {
  it('accept an InputLayer entry and a topology-only file (fresh weights)', async () => {
    const keras = {
      modelTopology: {
        keras_version: '2.15.0', backend: 'tensorflow',
        model_config: { class_name: 'Sequential', config: { name: 'keras_model', layers: [
          { class_name: 'InputLayer', config: { batch_input_shape: [null, 4], dtype: 'float32', name: 'input_1' } },
          { class_name: 'Dense', config: { name: 'dense_a', units: 3, activation: 'relu', use_bias: true, dtype: 'float32', kernel_initializer: { class_name: 'GlorotUniform', config: { seed: null } } } },
        ] } },
      },
    };
    const model = await loadModel({ modelJson: keras });
    expect(model.name).toBe('keras_model');
    expect(model.inputShape).toEqual([null, 4]);
    expect(model.predict(new Tensor(new Float32Array(8), [2, 4])).shape).toEqual([2, 3]);
  });
});

/** A custom layer that makes the layer holding its weights inside build(), as the image package's MBConv does. */
class DenseMadeInBuild extends Layer {
  static override className = 'DenseMadeInBuild';
  private inner: Layer | null = null;

  override build(inputShape: LayerShape): void {
    this.inner = layers.dense({ name: `${this.name}_dense`, units: 3 });
    this.inner.build(inputShape);
    this.inner.built = true;
  }

  call(x: Tensor): Tensor {
    return this.inner!.apply(x) as Tensor;
  }

  override computeOutputShape(s: LayerShape): LayerShape {
    return [s[0], 3];
  }

  override get weights(): Variable[] {
    return this.inner?.weights ?? [];
  }

  override get trainableWeights(): Variable[] {
    return this.inner?.trainableWeights ?? [];
  }
}
