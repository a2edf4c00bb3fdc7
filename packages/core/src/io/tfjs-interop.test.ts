/**
 * Interop with @tensorflow/tfjs 4.22 both ways: models saved by tfjs load here with the same
 * predictions (1e-4), and models saved here load in tfjs (through tfjs' own model.json parser).
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { Tensor } from '../tensor.js';
import { expectClose, expectTensorClose, randomTensor, setupBackends } from '../testing/oracle.js';
import { Random, setSeed } from '../random.js';
import { Sequential } from '../model/sequential.js';
import type { Bidirectional } from '../layers/bidirectional.js';
import * as layers from '../layers/index.js';
import type { LSTM } from '../layers/lstm.js';
import type { ModelArtifacts, ModelJSON } from './artifacts.js';
import { loadModel } from './load.js';
import { artifactsToModelJson } from './artifacts.js';
import { namedWeights } from './weight-names.js';
import { bidirectionalModel, convModel, lstmModel, mixedModel, separableModel } from './test-models.js';

beforeAll(setupBackends);

/** What tfjs hands a save handler. */
async function tfjsArtifacts(model: tf.LayersModel): Promise<tf.io.ModelArtifacts> {
  let captured: tf.io.ModelArtifacts | undefined;
  await model.save(tf.io.withSaveHandler(async (a) => {
    captured = a;
    return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
  }));
  return captured!;
}

/** Random weights everywhere (non-zero biases), positive variances for batch norm. */
function randomizeTfjs(model: tf.LayersModel, seed: number): void {
  model.setWeights(model.weights.map((w, i) => {
    const positive = w.name.includes('moving_variance');
    return tf.randomUniform(w.shape as number[], positive ? 0.5 : -0.5, positive ? 1.5 : 0.5, 'float32', seed + i);
  }));
}

function randomizeNeurite(model: Sequential, seed: number): void {
  const rng = new Random(seed);
  model.setWeights(model.weights.map((w) => {
    const positive = w.name.endsWith('moving_variance');
    return new Tensor(Float32Array.from({ length: w.size }, () => (positive ? rng.uniform(0.5, 1.5) : rng.uniform(-0.5, 0.5))), w.shape);
  }));
}

function ids(shape: [number, number], vocab: number, seed: number): Tensor {
  const rng = new Random(seed);
  return new Tensor(Int32Array.from({ length: shape[0] * shape[1] }, () => Math.floor(rng.uniform(0, vocab))), shape, 'int32');
}

const toTf = (t: Tensor) => tf.tensor(t.data, t.shape, t.dtype);

/** The model.json and weights.bin tfjs itself writes (its HTTP save handler, with the upload captured). */
async function tfjsFiles(model: tf.LayersModel): Promise<{ modelJson: string; weights: ArrayBuffer }> {
  let form: FormData | undefined;
  const fetchFunc = async (_url: string, init: RequestInit) => {
    form = init.body as FormData;
    return new Response('{}', { status: 200 });
  };
  await model.save(tf.io.http('http://upload.invalid/model', { fetchFunc: fetchFunc as never }));
  const modelJson = await (form!.get('model.json') as Blob).text();
  const weights = await (form!.get('model.weights.bin') as Blob).arrayBuffer();
  return { modelJson, weights };
}

/** Loads a tfjs model here twice: from the save-handler artifacts and from tfjs' own model.json + weights.bin. */
async function loadBothWays(model: tf.LayersModel): Promise<Sequential[]> {
  const direct = await loadModel((await tfjsArtifacts(model)) as unknown as ModelArtifacts);
  const files = await tfjsFiles(model);
  expect(JSON.parse(files.modelJson).weightsManifest[0].paths).toEqual(['./model.weights.bin']);
  return [direct, await loadModel(files)];
}

describe('tfjs → Neurite', () => {
  it('Conv2D / MaxPooling2D / Flatten / Dense', async () => {
    const m = tf.sequential();
    m.add(tf.layers.conv2d({ filters: 4, kernelSize: 3, activation: 'relu', inputShape: [9, 9, 3] }));
    m.add(tf.layers.maxPooling2d({ poolSize: 2 }));
    m.add(tf.layers.conv2d({ filters: 5, kernelSize: [2, 3], strides: 1, padding: 'same', activation: 'tanh' }));
    m.add(tf.layers.flatten());
    m.add(tf.layers.dense({ units: 6, activation: 'relu' }));
    m.add(tf.layers.dense({ units: 3, activation: 'softmax' }));
    randomizeTfjs(m, 10);
    const x = randomTensor([4, 9, 9, 3], 11);
    const expected = m.predict(toTf(x)) as tf.Tensor;
    for (const loaded of await loadBothWays(m)) {
      expect(loaded.layers.map((l) => l.getClassName())).toEqual(['Conv2D', 'MaxPooling2D', 'Conv2D', 'Flatten', 'Dense', 'Dense']);
      expectTensorClose(loaded.predict(x), expected, 1e-4, 'conv model');
    }
  });

  it('Embedding / LSTM / Dense', async () => {
    const m = tf.sequential();
    m.add(tf.layers.embedding({ inputDim: 30, outputDim: 6, inputLength: 7 }));
    m.add(tf.layers.lstm({ units: 5, recurrentActivation: 'sigmoid', returnSequences: true }));
    m.add(tf.layers.lstm({ units: 4, recurrentActivation: 'sigmoid' }));
    m.add(tf.layers.dense({ units: 1, activation: 'sigmoid' }));
    randomizeTfjs(m, 20);
    const x = ids([3, 7], 30, 21);
    const expected = m.predict(toTf(x)) as tf.Tensor;
    for (const loaded of await loadBothWays(m)) expectTensorClose(loaded.predict(x), expected, 1e-4, 'lstm model');
  });

  it('BatchNormalization / DepthwiseConv2D / SeparableConv2D / AveragePooling2D / GlobalAveragePooling2D / Dropout / Activation', async () => {
    const m = tf.sequential();
    m.add(tf.layers.conv2d({ filters: 4, kernelSize: 3, padding: 'same', inputShape: [10, 10, 2] }));
    m.add(tf.layers.batchNormalization());
    m.add(tf.layers.activation({ activation: 'relu' }));
    m.add(tf.layers.depthwiseConv2d({ kernelSize: 3, depthMultiplier: 2, activation: 'relu' }));
    m.add(tf.layers.averagePooling2d({ poolSize: 2 }));
    m.add(tf.layers.separableConv2d({ filters: 5, kernelSize: 2, padding: 'same' }));
    m.add(tf.layers.globalAveragePooling2d({}));
    m.add(tf.layers.dropout({ rate: 0.25 }));
    m.add(tf.layers.dense({ units: 3 }));
    randomizeTfjs(m, 30);
    const x = randomTensor([3, 10, 10, 2], 31);
    const expected = m.predict(toTf(x)) as tf.Tensor;
    for (const loaded of await loadBothWays(m)) expectTensorClose(loaded.predict(x), expected, 1e-4, 'mixed model');
  });

  it('Embedding / Bidirectional(LSTM) / Dense', async () => {
    const m = tf.sequential();
    m.add(tf.layers.embedding({ inputDim: 15, outputDim: 4, inputLength: 6 }));
    m.add(tf.layers.bidirectional({ layer: tf.layers.lstm({ units: 3, recurrentActivation: 'sigmoid', returnSequences: true }) as tf.RNN, mergeMode: 'concat' }));
    m.add(tf.layers.bidirectional({ layer: tf.layers.lstm({ units: 2, recurrentActivation: 'sigmoid' }) as tf.RNN, mergeMode: 'sum' }));
    m.add(tf.layers.dense({ units: 2, activation: 'softmax' }));
    randomizeTfjs(m, 40);
    const x = ids([4, 6], 15, 41);
    const expected = m.predict(toTf(x)) as tf.Tensor;
    for (const loaded of await loadBothWays(m)) expectTensorClose(loaded.predict(x), expected, 1e-4, 'bidirectional model');
  });

  it("LSTMs with tfjs' defaults (recurrentActivation hard_sigmoid), returnSequences true and false", async () => {
    const m = tf.sequential();
    m.add(tf.layers.lstm({ units: 5, returnSequences: true, inputShape: [6, 3] }));
    m.add(tf.layers.lstm({ units: 4, activation: 'relu', returnSequences: true }));
    m.add(tf.layers.lstm({ units: 3 }));
    m.add(tf.layers.dense({ units: 2 }));
    randomizeTfjs(m, 70);
    // Inputs large enough that some hard_sigmoid gates saturate.
    const x = randomTensor([3, 6, 3], 71, 3);
    const expected = m.predict(toTf(x)) as tf.Tensor;
    const sequences = tf.model({ inputs: m.inputs, outputs: m.layers[1].output as tf.SymbolicTensor }).predict(toTf(x)) as tf.Tensor;
    for (const loaded of await loadBothWays(m)) {
      expect(loaded.layers.map((l) => (l as LSTM).recurrentActivation)).toEqual(['hard_sigmoid', 'hard_sigmoid', 'hard_sigmoid', undefined]);
      expectTensorClose(loaded.predict(x), expected, 1e-4, 'hard_sigmoid lstm model');
      // The returnSequences output itself, through the first two loaded layers.
      const [l0, l1] = loaded.layers;
      expectTensorClose(l1.apply(l0.apply(x)), sequences, 1e-4, 'hard_sigmoid lstm sequences');
    }
  });

  it("Bidirectional over tfjs-default LSTMs (hard_sigmoid)", async () => {
    const m = tf.sequential();
    m.add(tf.layers.embedding({ inputDim: 15, outputDim: 4, inputLength: 6 }));
    m.add(tf.layers.bidirectional({ layer: tf.layers.lstm({ units: 3, returnSequences: true }) as tf.RNN, mergeMode: 'concat' }));
    m.add(tf.layers.bidirectional({ layer: tf.layers.lstm({ units: 2 }) as tf.RNN, mergeMode: 'ave' }));
    m.add(tf.layers.dense({ units: 2, activation: 'softmax' }));
    randomizeTfjs(m, 80);
    const x = ids([4, 6], 15, 81);
    const expected = m.predict(toTf(x)) as tf.Tensor;
    for (const loaded of await loadBothWays(m)) {
      const bi = loaded.layers[1] as Bidirectional;
      expect([bi.forwardLayer.recurrentActivation, bi.backwardLayer.recurrentActivation]).toEqual(['hard_sigmoid', 'hard_sigmoid']);
      expectTensorClose(loaded.predict(x), expected, 1e-4, 'bidirectional hard_sigmoid model');
    }
  });
});

/** A Neurite model with TF.js-default-style LSTMs: hard_sigmoid gates, a relu cell, a Bidirectional. */
function hardSigmoidLstmModel(seed: number): Sequential {
  setSeed(seed);
  return new Sequential({
    layers: [
      layers.lstm({ units: 4, recurrentActivation: 'hard_sigmoid', returnSequences: true, inputShape: [5, 3] }),
      layers.bidirectional({ layer: layers.lstm({ units: 3, activation: 'relu', recurrentActivation: 'hard_sigmoid', returnSequences: true }) }),
      layers.lstm({ units: 2, recurrentActivation: 'hardSigmoid' }),
    ],
  });
}

/** model.json + buffer → tfjs model, parsed by tfjs' own getModelArtifactsForJSON. */
async function tfjsFromModelJson(json: ModelJSON, data: ArrayBuffer): Promise<tf.LayersModel> {
  const artifacts = await tf.io.getModelArtifactsForJSON(json as unknown as tf.io.ModelJSON, async (manifest) => [manifest.flatMap((g) => g.weights), data]);
  return tf.loadLayersModel(tf.io.fromMemory(artifacts));
}

describe('Neurite → tfjs', () => {
  const cases: [string, () => Sequential, () => Tensor][] = [
    ['conv', () => convModel(5), () => randomTensor([3, 8, 8, 2], 50)],
    ['lstm', () => lstmModel(6), () => ids([3, 6], 20, 51)],
    ['batch norm / depthwise / global pooling / dropout', () => mixedModel(7), () => randomTensor([2, 6, 6, 2], 52)],
    ['bidirectional', () => bidirectionalModel(8), () => ids([3, 5], 12, 53)],
    ['separable conv / activation / average pooling', () => separableModel(9), () => randomTensor([2, 7, 7, 3], 54)],
    ['hard_sigmoid lstm / bidirectional', () => hardSigmoidLstmModel(10), () => randomTensor([3, 5, 3], 55, 3)],
  ];
  for (const [label, make, input] of cases) {
    it(`${label}: same predictions in tfjs, by the artifacts and by model.json`, async () => {
      const model = make();
      randomizeNeurite(model, 60);
      const x = input();
      const ours = model.predict(x);
      const artifacts = await model.save('memory');
      const viaArtifacts = await tf.loadLayersModel(tf.io.fromMemory(artifacts as unknown as tf.io.ModelArtifacts));
      const viaJson = await tfjsFromModelJson(artifactsToModelJson(artifacts, ['group1-shard1of1.bin']), artifacts.weightData as ArrayBuffer);
      for (const theirs of [viaArtifacts, viaJson]) {
        expectClose(ours.data, (theirs.predict(toTf(x)) as tf.Tensor).dataSync(), 1e-4, label);
        expect(theirs.layers.map((l) => l.name)).toEqual(model.layers.map((l) => l.name));
        if (label.startsWith('hard_sigmoid')) {
          const configs = theirs.layers.map((l) => l.getConfig() as { recurrentActivation?: string; layer?: { config: { recurrentActivation: string } } });
          expect(configs.map((c) => c.recurrentActivation ?? c.layer?.config.recurrentActivation)).toEqual(['hardSigmoid', 'hardSigmoid', 'hardSigmoid']);
        }
      }
    });
  }
});

describe('quantized Neurite → tfjs', () => {
  const cases: [string, () => Sequential, () => Tensor][] = [
    ['conv', () => convModel(5), () => randomTensor([3, 8, 8, 2], 90)],
    ['lstm', () => lstmModel(6), () => ids([3, 6], 20, 91)],
    ['batch norm / depthwise / global pooling / dropout', () => mixedModel(7), () => randomTensor([2, 6, 6, 2], 92)],
  ];
  for (const [label, make, input] of cases) {
    for (const dtype of ['uint8', 'uint16'] as const) {
      it(`${label}, ${dtype}: tfjs reads our quantized manifest and weights with the predictions Neurite loads (1e-5)`, async () => {
        const model = make();
        randomizeNeurite(model, 61);
        const x = input();
        const artifacts = await model.save('memory', { quantize: { dtype } });
        expect(artifacts.weightSpecs!.every((s) => s.quantization?.dtype === dtype)).toBe(true);
        const ours = (await loadModel(artifacts)).predict(x);
        const viaArtifacts = await tf.loadLayersModel(tf.io.fromMemory(artifacts as unknown as tf.io.ModelArtifacts));
        const viaJson = await tfjsFromModelJson(artifactsToModelJson(artifacts, ['group1-shard1of1.bin']), artifacts.weightData as ArrayBuffer);
        for (const theirs of [viaArtifacts, viaJson]) {
          expectClose(ours.data, (theirs.predict(toTf(x)) as tf.Tensor).dataSync(), 1e-5, `${label} ${dtype}`);
        }
        // tfjs holds exactly the weights we loaded, name by name.
        const loaded = new Map(namedWeights((await loadModel(artifacts)).layers).map((w) => [w.name, w.variable]));
        const theirs = viaArtifacts.layers.flatMap((l) => l.weights);
        expect(theirs.map((w) => w.originalName).sort()).toEqual([...loaded.keys()].sort());
        for (const w of theirs) expect(Array.from(w.read().dataSync()), w.originalName).toEqual(Array.from(loaded.get(w.originalName)!.data));
      });
    }
  }
});
