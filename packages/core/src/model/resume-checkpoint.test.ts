/**
 * Resuming from a checkpoint with its training state: a fit stopped after epoch 2 and resumed in a
 * fresh model loaded from the checkpoint directory ends bit-identical to an uninterrupted fit, with
 * stateful optimizers and shuffled batches. Broken or mismatched states fail typed, changing nothing.
 */
import { setBackend } from '@neurite/kernels';
import { readdir, readFile, truncate, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { modelCheckpoint } from '../callbacks/model-checkpoint.js';
import { NotCompiledError, ValueError } from '../errors.js';
import type { ModelArtifacts } from '../io/artifacts.js';
import { ModelFormatError, ModelIOError, WeightDataError } from '../io/errors.js';
import { loadModel } from '../io/load.js';
import { TRAINING_STATE_FILE } from '../io/training-state-files.js';
import { withTempDir } from '../io/test-support.js';
import { adam, rmsprop, sgd, type Optimizer } from '../optimizers/index.js';
import { Dense } from '../layers/dense.js';
import { Embedding } from '../layers/embedding.js';
import { LSTM } from '../layers/lstm.js';
import { cnnModel, imageData, STEPS, textData, textModel, VOCAB, weightValues } from './fault-test-support.js';
import { sequential, type Sequential } from './sequential.js';
import { captureTrainingState, type TrainingState } from './training-state.js';

setBackend('wasm');

const EPOCHS = 4;

interface Case {
  name: string;
  build: (seed: number) => Sequential;
  data: { x: import('../tensor.js').Tensor; y: import('../tensor.js').Tensor };
  optimizer: () => Optimizer;
  loss: string;
}

const cases: Case[] = [
  { name: 'Adam, embedding → LSTM → dense', build: textModel, data: textData(48, 71), optimizer: () => adam({ learningRate: 0.01 }), loss: 'binary_crossentropy' },
  { name: 'SGD with Nesterov momentum, conv2d → pool → dense', build: cnnModel, data: imageData(40, 72), optimizer: () => sgd({ learningRate: 0.05, momentum: 0.9, nesterov: true }), loss: 'sparse_categorical_crossentropy' },
  { name: 'RMSprop, conv2d → pool → dense', build: cnnModel, data: imageData(40, 73), optimizer: () => rmsprop({ learningRate: 0.003 }), loss: 'sparse_categorical_crossentropy' },
];

/** Trains `model` with a checkpoint (and training state) in `dir` after every epoch, stopping after epoch 2. */
async function fitStoppedAfter2(model: Sequential, c: Case, dir: string): Promise<void> {
  const stop = { onEpochEnd: (epoch: number) => { if (epoch === 1) model.stopTraining = true; } };
  const history = await model.fit(c.data.x, c.data.y, { epochs: EPOCHS, batchSize: 8, verbose: 0, callbacks: [modelCheckpoint({ filepath: dir, saveTrainingState: true }), stop] });
  expect(history.epoch).toEqual([0, 1]);
}

function compiled(model: Sequential, c: Case): Sequential {
  model.compile({ optimizer: c.optimizer(), loss: c.loss });
  return model;
}

describe.each(cases)('resuming from a checkpoint directory ($name, shuffled batches)', (c) => {
  it('is bit-identical to an uninterrupted fit; without the training state it is not', async () => {
    const whole = compiled(c.build(81), c);
    await whole.fit(c.data.x, c.data.y, { epochs: EPOCHS, batchSize: 8, verbose: 0 });

    await withTempDir(async (dir) => {
      const interrupted = compiled(c.build(81), c);
      await fitStoppedAfter2(interrupted, c, dir);
      expect((await readdir(dir)).sort()).toEqual([expect.stringMatching(/^group1-shard1of1\.[0-9a-f]{16}\.bin$/), 'model.json', expect.stringMatching(/^training-state\.[0-9a-f]{16}\.bin$/), TRAINING_STATE_FILE]);

      const resumed = compiled(await loadModel(dir), c);
      expect(weightValues(resumed)).toEqual(weightValues(interrupted));
      const rest = await resumed.fit(c.data.x, c.data.y, { epochs: EPOCHS, batchSize: 8, verbose: 0, resumeFrom: dir });
      expect(rest.epoch).toEqual([2, 3]); // the next epoch comes from the checkpoint
      expect(resumed.optimizer!.iterations).toBe(whole.optimizer!.iterations);
      expect(weightValues(resumed)).toEqual(weightValues(whole));

      // The same checkpoint resumed with weights only (fresh optimizer, fresh shuffle order) drifts:
      // the equality above is owed to the training state.
      const weightsOnly = compiled(await loadModel(dir), c);
      await weightsOnly.fit(c.data.x, c.data.y, { epochs: EPOCHS, batchSize: 8, verbose: 0, initialEpoch: 2 });
      expect(weightValues(weightsOnly)).not.toEqual(weightValues(whole));
    });
  });
});

describe('a training state kept in memory (custom save hook, any runtime)', () => {
  it('captureTrainingState + resumeFrom: state is bit-identical too', async () => {
    const c = cases[0];
    const whole = compiled(c.build(82), c);
    await whole.fit(c.data.x, c.data.y, { epochs: EPOCHS, batchSize: 8, verbose: 0 });

    const interrupted = compiled(c.build(82), c);
    let saved: { artifacts: ModelArtifacts; state: TrainingState } | null = null;
    const checkpoint = modelCheckpoint({ save: async (m, epoch) => { saved = { artifacts: await (m as Sequential).save('memory'), state: captureTrainingState(m as Sequential, epoch + 1) }; } });
    const stop = { onEpochEnd: (epoch: number) => { if (epoch === 1) interrupted.stopTraining = true; } };
    await interrupted.fit(c.data.x, c.data.y, { epochs: EPOCHS, batchSize: 8, verbose: 0, callbacks: [checkpoint, stop] });

    const { artifacts, state } = saved!;
    expect(state.epoch).toBe(2);
    expect(state.optimizer.iterations).toBe(12); // 2 epochs × 6 batches
    const resumed = compiled(await loadModel(artifacts), c);
    await resumed.fit(c.data.x, c.data.y, { epochs: EPOCHS, batchSize: 8, verbose: 0, resumeFrom: state });
    expect(weightValues(resumed)).toEqual(weightValues(whole));
  });
});

describe('broken or mismatched training states fail typed, before any weight or state changes', () => {
  const c = cases[0];

  async function checkpointIn(dir: string): Promise<void> {
    await fitStoppedAfter2(compiled(c.build(83), c), c, dir);
  }

  async function expectRejected(dir: string, model: Sequential, type: new (...a: never[]) => Error, message: RegExp): Promise<void> {
    const before = weightValues(model);
    const iterations = model.optimizer?.iterations;
    const error = await model.fit(c.data.x, c.data.y, { epochs: EPOCHS, batchSize: 8, verbose: 0, resumeFrom: dir }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(type);
    expect((error as Error).message).toMatch(message);
    expect(weightValues(model)).toEqual(before);
    expect(model.optimizer?.iterations).toBe(iterations);
  }

  it('a model saved again after its state (a kill between the two writes) is detected', async () => {
    await withTempDir(async (dir) => {
      await checkpointIn(dir);
      const other = compiled(c.build(84), c);
      await other.save(dir); // new model.json + shard, old training state
      await expectRejected(dir, compiled(await loadModel(dir), c), ModelFormatError, /interrupted between the model and its training state/);
    });
  });

  it('another optimizer class, another architecture, no state file, a truncated or corrupted state', async () => {
    await withTempDir(async (dir) => {
      await checkpointIn(dir);
      const loaded = async () => loadModel(dir);

      const withSgd = await loaded();
      withSgd.compile({ optimizer: sgd(), loss: c.loss });
      await expectRejected(dir, withSgd, ValueError, /saved with a Adam optimizer but the model is compiled with SGD/);

      const narrower = sequential({ seed: 85, layers: [new Embedding({ inputDim: VOCAB, outputDim: 4, inputLength: STEPS }), new LSTM({ units: 3 }), new Dense({ units: 1, activation: 'sigmoid' })] });
      await expectRejected(dir, compiled(narrower, c), ValueError, /buffers for weight 1 .* do not fit the model's weight/);

      const uncompiled = await loaded();
      await expect(uncompiled.fit(c.data.x, c.data.y, { resumeFrom: dir, verbose: 0 })).rejects.toBeInstanceOf(NotCompiledError);

      const binName = (await readdir(dir)).find((n) => n.startsWith('training-state.') && n.endsWith('.bin'))!;
      const bin = join(dir, binName);
      const original = await readFile(bin);
      await truncate(bin, original.byteLength - 4);
      await expectRejected(dir, compiled(await loaded(), c), WeightDataError, /needs exactly/);
      const nan = Buffer.from(original);
      nan.writeFloatLE(Number.NaN, 0);
      await writeFile(bin, nan);
      await expectRejected(dir, compiled(await loaded(), c), WeightDataError, /non-finite/);

      const json = join(dir, TRAINING_STATE_FILE);
      const text = await readFile(json, 'utf8');
      await writeFile(json, text.replace(/"iterations":\d+/, '"iterations":-1'));
      await expectRejected(dir, compiled(await loaded(), c), ModelFormatError, /'optimizer\.iterations' is missing or invalid/);
      await writeFile(json, text.slice(0, text.length / 2));
      await expectRejected(dir, compiled(await loaded(), c), ModelFormatError, /not valid JSON/);
    });
  });

  it('a directory without a training state names the option that writes one', async () => {
    await withTempDir(async (dir) => {
      const model = compiled(c.build(86), c);
      await model.save(dir);
      await expectRejected(dir, model, ModelIOError, /saveTrainingState: true/);
    });
  });

  it('saveTrainingState needs a directory filepath', () => {
    expect(() => modelCheckpoint({ filepath: { save: () => undefined }, saveTrainingState: true })).toThrow(ValueError);
    expect(() => modelCheckpoint({ save: () => undefined, saveTrainingState: true })).toThrow(ValueError);
  });
});
