/**
 * fit under faults, on the WASM kernels: a diverging fit stops with the last good weights, a
 * callback can stop training after the current batch, and an interrupted fit resumed with
 * `initialEpoch` ends where an uninterrupted one does.
 */
import { setBackend } from '@neurite/kernels';
import { describe, expect, it } from 'vitest';
import type { ModelArtifacts } from '../io/artifacts.js';
import { loadModel } from '../io/load.js';
import { modelCheckpoint } from '../callbacks/model-checkpoint.js';
import { TrainingDivergedError } from '../errors.js';
import { Dense } from '../layers/dense.js';
import { sgd } from '../optimizers/index.js';
import { Random, setSeed } from '../random.js';
import { tensor } from '../tensor.js';
import type { Logs } from '../callbacks/callback.js';
import { cnnModel, imageData, textData, textModel, weightValues } from './fault-test-support.js';
import { sequential, type Sequential } from './sequential.js';

setBackend('wasm');

describe('a diverging fit', () => {
  it('stops with TrainingDivergedError and keeps the weights from before the failing batch', async () => {
    setSeed(21);
    const rng = new Random(22);
    const x = tensor(Float32Array.from({ length: 64 * 6 }, () => rng.normal(0, 30)), [64, 6]);
    const y = tensor(Float32Array.from({ length: 64 }, () => rng.normal(0, 100)), [64, 1]);
    const model = sequential({ seed: 23 });
    model.add(new Dense({ units: 8, activation: 'relu', inputShape: [6] }));
    model.add(new Dense({ units: 1 }));
    // A learning rate this large makes each step overshoot more: the loss grows until it overflows.
    model.compile({ optimizer: sgd({ learningRate: 0.05 }), loss: 'mse' });
    const initial = weightValues(model);
    let beforeBatch: Float32Array[] = [];
    let batches = 0;
    const losses: number[] = [];
    const error = await model
      .fit(x, y, {
        epochs: 100,
        batchSize: 16,
        verbose: 0,
        callbacks: [{ onBatchBegin: () => { beforeBatch = weightValues(model); batches++; }, onBatchEnd: (_b: number, logs?: Logs) => { losses.push(logs!.loss); } }],
      })
      .catch((e: unknown) => e);

    expect(error).toBeInstanceOf(TrainingDivergedError);
    expect(batches).toBeGreaterThan(2); // it trained for a while before diverging
    expect(losses.every(Number.isFinite)).toBe(true);
    const after = weightValues(model);
    expect(after).toEqual(beforeBatch); // untouched by the failing batch…
    expect(after).not.toEqual(initial); // …but updated by the good ones before it
    for (const w of after) for (const v of w) expect(Number.isFinite(v)).toBe(true);
    expect((error as Error).message).toMatch(/diverged at epoch \d+, batch \d+: the (loss became|gradient of)/);
    expect((error as TrainingDivergedError).history?.epoch.length).toBe(Math.floor((batches - 1) / 4));
  });
});

describe('stopping from a callback', () => {
  it('model.stopTraining = true stops after the current batch, with that batch applied', async () => {
    const model = cnnModel(31);
    const { x, y } = imageData(40, 32);
    const trained: string[] = [];
    let epochNow = -1;
    let atStop: Float32Array[] = [];
    const history = await model.fit(x, y, {
      epochs: 5,
      batchSize: 8,
      verbose: 0,
      callbacks: [
        {
          onEpochBegin: (epoch: number) => {
            epochNow = epoch;
          },
          // Set before the 8th batch runs: that batch still completes, then fit returns.
          onBatchBegin: () => {
            if (trained.length === 7) model.stopTraining = true;
          },
          onBatchEnd: (batch: number) => {
            trained.push(`${epochNow}:${batch}`);
            atStop = weightValues(model);
          },
        },
      ],
    });
    expect(trained).toEqual(['0:0', '0:1', '0:2', '0:3', '0:4', '1:0', '1:1', '1:2']);
    expect(weightValues(model)).toEqual(atStop);
    expect(history.epoch).toEqual([0, 1]);
  });
});

describe('resuming an interrupted fit', () => {
  const { x, y } = textData(48, 41);
  const fitArgs = { epochs: 4, batchSize: 8, verbose: 0 as const };

  it('on the same model object (optimizer state and shuffle generator kept): bit-identical to an uninterrupted fit', async () => {
    const whole = textModel(42);
    await whole.fit(x, y, fitArgs);

    const resumed = textModel(42); // Adam, shuffled batches
    const stopAfter2 = { onEpochEnd: (epoch: number) => { if (epoch === 1) resumed.stopTraining = true; } };
    const first = await resumed.fit(x, y, { ...fitArgs, callbacks: [stopAfter2] });
    expect(first.epoch).toEqual([0, 1]);
    expect(weightValues(resumed)).not.toEqual(weightValues(whole));
    const rest = await resumed.fit(x, y, { ...fitArgs, initialEpoch: 2 });
    expect(rest.epoch).toEqual([2, 3]);
    expect(weightValues(resumed)).toEqual(weightValues(whole));
  });

  it('from a checkpoint saved by modelCheckpoint and loaded with loadModel: bit-identical with SGD and unshuffled batches', async () => {
    // A checkpoint without saveTrainingState holds the topology and weights (the TF.js layers format), not the optimizer's
    // state nor the model's shuffle generator. With a stateless optimizer and a fixed batch order
    // nothing else is needed, so the resumed run must match exactly.
    const args = { ...fitArgs, shuffle: false };
    const compileSgd = (m: Sequential) => m.compile({ optimizer: sgd({ learningRate: 0.5 }), loss: 'binary_crossentropy' });
    const whole = textModel(43);
    compileSgd(whole);
    await whole.fit(x, y, args);

    const interrupted = textModel(43);
    compileSgd(interrupted);
    const saved: ModelArtifacts[] = [];
    const checkpoint = modelCheckpoint({ filepath: { save: (artifacts: unknown) => void saved.push(artifacts as ModelArtifacts) } });
    const crash = { onEpochEnd: (epoch: number) => { if (epoch === 1) interrupted.stopTraining = true; } };
    await interrupted.fit(x, y, { ...args, callbacks: [checkpoint, crash] });
    expect(saved).toHaveLength(2);

    const restored = await loadModel(saved[1]);
    expect(weightValues(restored)).toEqual(weightValues(interrupted));
    compileSgd(restored);
    await restored.fit(x, y, { ...args, initialEpoch: 2 });
    expect(weightValues(restored)).toEqual(weightValues(whole));
  });
});
