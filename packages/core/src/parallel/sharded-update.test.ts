/**
 * The sharded optimizer update (sharded-update.ts): each worker updates its part of the parameters
 * with its part of the optimizer state. Checked against single-thread training of a twin model:
 * weights and optimizer state after every step (float32 summation tolerance), for every built-in
 * optimizer; the state seen by getState / checkpoints between steps; single-thread steps and
 * learning-rate changes between pool steps; divergence and a pool dying mid-step leave weights and
 * state as they were. The threshold is lowered to 0 so small models take the sharded path.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as layers from '../layers/index.js';
import { captureTrainingState, restoreTrainingState } from '../model/training-state.js';
import { Sequential } from '../model/sequential.js';
import { adam, adamw, rmsprop, sgd, Adam, type Optimizer } from '../optimizers/index.js';
import { setSeed } from '../random.js';
import { randomTensor, setupBackends } from '../testing/oracle.js';
import { WorkerPoolError } from './errors.js';
import { setShardedUpdateThreshold, shardLayout, updateSpec } from './sharded-update.js';
import { bits, bundleWorker, convDenseModel, expectDivergingStepChangesNothing, expectSameTraining, labels, type BundledWorker } from './test-support.js';
import { createWorkerPool, type WorkerPool } from './worker-pool.js';

let bundle: BundledWorker;
let pool: WorkerPool;

beforeAll(async () => {
  await setupBackends();
  setShardedUpdateThreshold(0);
  bundle = await bundleWorker();
  pool = await createWorkerPool({ threads: 2, workerUrl: bundle.workerUrl });
});

afterAll(async () => {
  setShardedUpdateThreshold(1 << 21);
  await pool?.terminate();
  await bundle?.cleanup();
});

function smallCnn(seed: number, optimizer: Optimizer | 'adam' = 'adam'): Sequential {
  return convDenseModel(seed, optimizer, 10, 7);
}

describe('shardLayout', () => {
  it('cuts the flat parameters into contiguous, even parts at element granularity', () => {
    expect(shardLayout([10, 3, 100, 1], 2)).toEqual([
      [{ index: 0, start: 0, end: 10 }, { index: 1, start: 0, end: 3 }, { index: 2, start: 0, end: 44 }],
      [{ index: 2, start: 44, end: 100 }, { index: 3, start: 0, end: 1 }],
    ]);
    const layout = shardLayout([5, 7, 9], 3);
    expect(layout.map((own) => own.reduce((s, g) => s + g.end - g.start, 0))).toEqual([7, 7, 7]);
  });

  it('is used only for the built-in optimizers themselves (a subclass may update differently)', () => {
    expect(updateSpec(adam())?.kind).toBe('adam');
    expect(updateSpec(adamw({ weightDecay: 0.01 }))).toMatchObject({ kind: 'adam', decay: 0.01 });
    expect(updateSpec(sgd({ momentum: 0.9, nesterov: true }))).toEqual({ kind: 'sgd', momentum: 0.9, nesterov: true });
    expect(updateSpec(rmsprop())?.kind).toBe('rmsprop');
    expect(updateSpec(new (class extends Adam {})())).toBeNull();
  });
});

describe('sharded update', () => {
  const optimizers: [string, () => Optimizer][] = [
    ['Adam', () => adam({ learningRate: 0.01 })],
    ['AdamW', () => adamw({ learningRate: 0.01, weightDecay: 0.05 })],
    ['SGD, Nesterov momentum', () => sgd({ learningRate: 0.1, momentum: 0.9, nesterov: true })],
    ['RMSprop with momentum', () => rmsprop({ learningRate: 0.01, momentum: 0.5 })],
  ];
  for (const [name, make] of optimizers) {
    it(`${name}: weights and optimizer state track single-thread steps; the state is handed to the optimizer`, async () => {
      const single = smallCnn(11, make());
      const pooled = smallCnn(11, make());
      const x = randomTensor([9, 10, 10, 3], 12); // shards of 5 and 4
      const y = labels(9);
      for (let step = 0; step < 3; step++) {
        const a = single.trainOnBatch(x, y);
        const b = await pool.trainOnBatch(pooled, x, y);
        expect(b.accuracy).toBe(a.accuracy);
        expect(b.loss).toBeCloseTo(a.loss, 5);
        expect(pooled.optimizer!.stateHolder).not.toBeNull(); // the sharded path ran
      }
      expectSameTraining(pooled, single);
    });
  }

  it('the workers\' weights, in WASM memory too, equal the caller\'s after every step: their predictions are bit-identical', async () => {
    // Each worker updates its part of the dense kernel in its WASM copy and writes the other
    // worker's part into it (residentRange, writeResident): a stale or wrong copy changes the outputs.
    for (const make of [() => adam({ learningRate: 0.01 }), () => sgd({ learningRate: 0.1, momentum: 0.9 })]) {
      const pooled = smallCnn(15, make());
      const x = randomTensor([8, 10, 10, 3], 16); // two shards of 4; predict splits it the same way
      const y = labels(8);
      for (let step = 0; step < 3; step++) {
        await pool.trainOnBatch(pooled, x, y);
        expect(pooled.optimizer!.stateHolder).not.toBeNull(); // the sharded path ran
        expect(bits(await pool.predict(pooled, x))).toEqual(bits(pooled.predict(x)));
      }
    }
  });

  it('getState between steps, single-thread steps and a new learning rate in between: all see and continue the right state', async () => {
    const single = smallCnn(21, adam({ learningRate: 0.02 }));
    const pooled = smallCnn(21, adam({ learningRate: 0.02 }));
    const x = randomTensor([8, 10, 10, 3], 22);
    const y = labels(8);
    for (let step = 0; step < 6; step++) {
      if (step === 3) {
        single.optimizer!.learningRate = 0.005;
        pooled.optimizer!.learningRate = 0.005;
      }
      single.trainOnBatch(x, y);
      if (step === 2) pooled.trainOnBatch(x, y); // reclaims the state, then the pool seeds the workers again
      else await pool.trainOnBatch(pooled, x, y);
      if (step === 1 || step === 4) expectSameTraining(pooled, single);
    }
    expectSameTraining(pooled, single);
  });

  it('fit with a learning-rate schedule and a callback lowering the rate: the same run as single-thread fit', async () => {
    const run = async (usePool: boolean) => {
      const model = smallCnn(31, adam({ learningRate: (step: number) => 0.02 / (1 + step) }));
      const lower = { onBatchEnd: (batch: number) => { if (batch === 1) model.optimizer!.learningRate = 0.001; } };
      const x = randomTensor([24, 10, 10, 3], 32);
      await model.fit(x, labels(24), { epochs: 2, batchSize: 8, verbose: 0, callbacks: [lower], pool: usePool ? pool : undefined });
      return model;
    };
    const pooled = await run(true);
    const single = await run(false);
    expectSameTraining(pooled, single);
  });

  it('a checkpoint\'s training state taken between pool steps resumes exactly like the single-thread one', async () => {
    const single = smallCnn(41);
    const pooled = smallCnn(41);
    const x = randomTensor([8, 10, 10, 3], 42);
    const y = labels(8);
    for (let step = 0; step < 2; step++) {
      single.trainOnBatch(x, y);
      await pool.trainOnBatch(pooled, x, y);
    }
    const saved = captureTrainingState(pooled, 1);
    expect(saved.optimizer.iterations).toBe(2);
    expect(saved.optimizer.slots.every((s) => s !== null && s.length === 2)).toBe(true);
    const resumed = smallCnn(41);
    resumed.setWeights(pooled.getWeights());
    restoreTrainingState(resumed, saved);
    single.trainOnBatch(x, y);
    resumed.trainOnBatch(x, y);
    expectSameTraining(resumed, single);
  });

  it('BatchNormalization ("ghost batch norm") and a frozen layer: the same steps as the calling-thread update, frozen weights untouched', async () => {
    const build = () => {
      setSeed(71);
      const m = new Sequential({ layers: [layers.dense({ units: 6, inputShape: [5] }), layers.batchNormalization({ momentum: 0.5 }), layers.dense({ units: 4, activation: 'relu' }), layers.dense({ units: 1 })] });
      m.layers[2].trainable = false;
      m.compile({ optimizer: adam({ learningRate: 0.01 }), loss: 'mse' });
      return m;
    };
    // Each shard normalises with its own statistics on both pool paths, so compare with the other path.
    const summed = build();
    const pooled = build();
    const frozen = pooled.layers[2].weights.map(bits);
    const x = randomTensor([8, 5], 72); // two shards of 4
    const y = randomTensor([8, 1], 73);
    for (let step = 0; step < 3; step++) {
      setShardedUpdateThreshold(Infinity);
      await pool.trainOnBatch(summed, x, y);
      expect(summed.optimizer!.stateHolder).toBeNull();
      setShardedUpdateThreshold(0);
      await pool.trainOnBatch(pooled, x, y);
      expect(pooled.optimizer!.stateHolder).not.toBeNull();
    }
    pooled.layers[2].weights.forEach((w, i) => expect(bits(w)).toEqual(frozen[i]));
    expectSameTraining(pooled, summed);
    const stats = (m: Sequential) => m.layers[1].nonTrainableWeights.flatMap((w) => Array.from(w.data));
    const a = stats(pooled);
    stats(summed).forEach((v, j) => expect(Math.abs(a[j] - v)).toBeLessThan(1e-6));
    // The workers got the merged statistics: their predictions equal this thread's.
    expect(bits(await pool.predict(pooled, x))).toEqual(bits(pooled.predict(x)));
  });

  it('a diverging step throws TrainingDivergedError and changes no weight or optimizer state', async () => {
    await expectDivergingStepChangesNothing(pool, smallCnn(51), smallCnn(51), randomTensor([8, 10, 10, 3], 52), labels(8), 2);
  });

  it('a pool terminated mid-step leaves the weights and state of the last finished step, usable on one thread', async () => {
    const own = await createWorkerPool({ threads: 2, workerUrl: bundle.workerUrl });
    const single = smallCnn(61);
    const pooled = smallCnn(61);
    const x = randomTensor([8, 10, 10, 3], 62);
    const y = labels(8);
    single.trainOnBatch(x, y);
    await own.trainOnBatch(pooled, x, y);
    const failed = expect(own.trainOnBatch(pooled, x, y)).rejects.toThrow(WorkerPoolError);
    await own.terminate();
    await failed;
    expectSameTraining(pooled, single);
    single.trainOnBatch(x, y);
    pooled.trainOnBatch(x, y);
    expectSameTraining(pooled, single);
  });
});
