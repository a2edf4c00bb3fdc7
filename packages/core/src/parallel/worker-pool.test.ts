/**
 * The worker pool against single-thread execution of the same model: predict and evaluate equal
 * bit for bit, a training step's update equal up to float32 summation order, fit learns and repeats
 * exactly for a seed. One two-worker pool serves the whole file (the machine has 2 cores).
 */
import { availableParallelism } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ValueError } from '../errors.js';
import * as layers from '../layers/index.js';
import { Sequential } from '../model/sequential.js';
import { sgd } from '../optimizers/index.js';
import { mean, square, sub } from '../ops/index.js';
import { setSeed } from '../random.js';
import { tensor, type Tensor } from '../tensor.js';
import { randomTensor, setupBackends } from '../testing/oracle.js';
import { MIN_PIECE_ROWS, shardBounds } from './data-parallel.js';
import { WorkerPoolError } from './errors.js';
import { bits, bundleWorker, labels, type BundledWorker } from './test-support.js';
import { TanhScale } from './test-layers.fixture.js';
import { createWorkerPool, type WorkerPool } from './worker-pool.js';

let bundle: BundledWorker;
let pool: WorkerPool;

beforeAll(async () => {
  await setupBackends();
  bundle = await bundleWorker();
  pool = await createWorkerPool({ threads: 2, workerUrl: bundle.workerUrl, modules: [bundle.layersUrl] });
});

afterAll(async () => {
  await pool?.terminate();
  await bundle?.cleanup();
});

/** The seed CNN's layer stack at a small size. */
function smallCnn(seed: number, optimizer: 'adam' | ReturnType<typeof sgd> = 'adam'): Sequential {
  setSeed(seed);
  const model = new Sequential({ seed });
  model.add(layers.conv2d({ filters: 4, kernelSize: 3, activation: 'relu', inputShape: [14, 14, 3] }));
  model.add(layers.maxPooling2d({ poolSize: 2 }));
  model.add(layers.conv2d({ filters: 6, kernelSize: 3, activation: 'relu' }));
  model.add(layers.maxPooling2d({ poolSize: 2 }));
  model.add(layers.flatten());
  model.add(layers.dense({ units: 10, activation: 'relu' }));
  model.add(layers.dense({ units: 1, activation: 'sigmoid' }));
  model.compile({ optimizer, loss: 'binary_crossentropy', metrics: ['accuracy'] });
  return model;
}

/** The seed LSTM's layer stack at a small size. */
function smallLstm(seed: number): Sequential {
  setSeed(seed);
  const model = new Sequential({ seed });
  model.add(layers.embedding({ inputDim: 40, outputDim: 6, inputLength: 9 }));
  model.add(layers.lstm({ units: 5, returnSequences: true }));
  model.add(layers.lstm({ units: 3 }));
  model.add(layers.dense({ units: 1, activation: 'sigmoid' }));
  model.compile({ optimizer: 'adam', loss: 'binary_crossentropy', metrics: ['accuracy'] });
  return model;
}

function ids(n: number, seed: number): Tensor {
  return tensor(Int32Array.from({ length: n * 9 }, (_, i) => ((i + seed) * 2654435761) % 40 >>> 0), [n, 9], 'int32');
}



/**
 * Four training steps of two copies of a model, one on this thread and one on the pool, with a
 * pool predict after the second (equal bit for bit to this thread's predict of the pooled model):
 * losses and weights agree to float32 rounding.
 */
async function expectPoolTracksSingleThread(build: () => Sequential, x: Tensor, y: Tensor): Promise<void> {
  const single = build();
  const pooled = build();
  for (let step = 0; step < 4; step++) {
    const a = single.trainOnBatch(x, y);
    const b = await pool.trainOnBatch(pooled, x, y);
    expect(b.loss).toBeCloseTo(a.loss, 5);
    if (step === 1) expect(bits(await pool.predict(pooled, x))).toEqual(bits(pooled.predict(x)));
  }
  single.getWeights().forEach((w, i) => {
    const p = pooled.getWeights()[i].data;
    for (let j = 0; j < w.size; j++) expect(Math.abs(p[j] - w.data[j])).toBeLessThan(1e-5);
  });
}

describe('shardBounds', () => {
  it('splits rows evenly into pieces of at least MIN_PIECE_ROWS', () => {
    expect(MIN_PIECE_ROWS).toBe(4);
    expect(shardBounds(32, 2)).toEqual([[0, 16], [16, 32]]);
    expect(shardBounds(9, 2)).toEqual([[0, 5], [5, 9]]);
    expect(shardBounds(7, 2)).toEqual([[0, 7]]);
    expect(shardBounds(3, 2)).toEqual([[0, 3]]);
    expect(shardBounds(12, 3)).toEqual([[0, 4], [4, 8], [8, 12]]);
  });
});

describe('createWorkerPool', () => {
  it('starts two workers', () => {
    expect(pool.usesWorkers).toBe(true);
    expect(pool.threads).toBe(2);
    expect(pool.fallbackReason).toBeNull();
  });

  it('rejects bad options with a ValueError naming the option', async () => {
    await expect(createWorkerPool({ threads: 0 })).rejects.toThrow(ValueError);
    await expect(createWorkerPool({ threads: 1.5 })).rejects.toThrow(/threads must be a whole number/);
    await expect(createWorkerPool({ threads: '2' as unknown as number })).rejects.toThrow(/threads/);
    await expect(createWorkerPool({ thread: 2 } as never)).rejects.toThrow(/unknown option 'thread'/);
    await expect(createWorkerPool({ modules: ['./relative.js'] })).rejects.toThrow(/modules\[0\] must be an absolute URL/);
    await expect(createWorkerPool(null as never)).rejects.toThrow(ValueError);
  });

  it('threads: 1 runs in the calling thread with the same results', async () => {
    const inThread = await createWorkerPool({ threads: 1 });
    expect(inThread.usesWorkers).toBe(false);
    expect(inThread.fallbackReason).toBeNull();
    const model = smallCnn(3);
    const x = randomTensor([3, 14, 14, 3], 4);
    expect(bits(await inThread.predict(model, x))).toEqual(bits(model.predict(x)));
    await inThread.terminate();
    await expect(inThread.predict(model, x)).rejects.toThrow(WorkerPoolError);
  });

  it('defaults to one worker per core; terminate rejects running and later calls with WorkerPoolError', async () => {
    const own = await createWorkerPool({ workerUrl: bundle.workerUrl });
    expect(own.threads).toBe(availableParallelism() > 1 ? availableParallelism() : 1);
    if (!own.usesWorkers) return;
    const model = smallCnn(5);
    const x = randomTensor([8, 14, 14, 3], 6);
    const running = expect(own.predict(model, x)).rejects.toThrow(/terminated/);
    await own.terminate();
    await running;
    await expect(own.predict(model, x)).rejects.toThrow(WorkerPoolError);
    await expect(model.fit(x, labels(8), { pool: own, verbose: 0 })).rejects.toThrow(WorkerPoolError);
  });

  it('falls back to the calling thread when the worker script cannot start', async () => {
    const broken = await createWorkerPool({ threads: 2, workerUrl: new URL('file:///nonexistent/neurite-worker.js') });
    expect(broken.usesWorkers).toBe(false);
    expect(broken.fallbackReason).toMatch(/could not start/);
    const model = smallLstm(1);
    const x = ids(2, 1);
    expect(bits(await broken.predict(model, x))).toEqual(bits(model.predict(x)));
  });
});

describe('pool.predict and pool.evaluate', () => {
  it('equal single-thread predict bit for bit: small seed CNN, uneven shards and inner batches', async () => {
    const model = smallCnn(11);
    const x = randomTensor([7, 14, 14, 3], 12);
    expect(bits(await pool.predict(model, x))).toEqual(bits(model.predict(x)));
    expect(bits(await pool.predict(model, x, { batchSize: 3 }))).toEqual(bits(model.predict(x, { batchSize: 3 })));
    // One sample: one worker does it all.
    const one = randomTensor([1, 14, 14, 3], 13);
    expect(bits(await pool.predict(model, one))).toEqual(bits(model.predict(one)));
  });

  it('equal single-thread predict bit for bit: small seed LSTM', async () => {
    const model = smallLstm(21);
    const x = ids(9, 22);
    expect(bits(await pool.predict(model, x))).toEqual(bits(model.predict(x)));
    expect(bits(await pool.predict(model, x, { batchSize: 4 }))).toEqual(bits(model.predict(x, { batchSize: 4 })));
  });

  it('equal single-thread predict bit for bit for every batch size 1–12 and inner batch sizes (dense, k ≥ 4)', async () => {
    setSeed(15);
    const model = new Sequential({ layers: [layers.dense({ units: 9, inputShape: [13], activation: 'tanh' }), layers.dense({ units: 5 })] });
    for (let n = 1; n <= 12; n++) {
      const x = randomTensor([n, 13], 100 + n);
      for (const batchSize of [32, 5, 4, 2]) expect(bits(await pool.predict(model, x, { batchSize })), `n ${n}, batchSize ${batchSize}`).toEqual(bits(model.predict(x, { batchSize })));
    }
  });

  it('follows weight changes made after the workers got the model', async () => {
    const model = smallLstm(31);
    const x = ids(4, 32);
    await pool.predict(model, x);
    model.setWeights(model.getWeights().map((w) => tensor(w.data.map((v) => v * 0.5) as Float32Array, w.shape)));
    expect(bits(await pool.predict(model, x))).toEqual(bits(model.predict(x)));
    model.add(layers.dense({ units: 2 }));
    const out = await pool.predict(model, x);
    expect(out.shape).toEqual([4, 2]);
    expect(bits(out)).toEqual(bits(model.predict(x)));
  });

  it('evaluate equals single-thread evaluate', async () => {
    const model = smallCnn(41);
    const x = randomTensor([6, 14, 14, 3], 42);
    const y = labels(6);
    expect(await pool.evaluate(model, x, y, { batchSize: 4 })).toEqual(model.evaluate(x, y, { batchSize: 4 }));
  });

  it('loads custom layers from the modules option', async () => {
    setSeed(51);
    const model = new Sequential({ layers: [layers.dense({ units: 4, inputShape: [3] }), new TanhScale()] });
    model.compile({ optimizer: 'sgd', loss: 'mse' });
    model.layers[1].weights[0].assign(new Float32Array([1, -2, 0.5, 3]));
    const x = randomTensor([5, 3], 52);
    expect(bits(await pool.predict(model, x))).toEqual(bits(model.predict(x)));
  });

  it('reports a layer the workers cannot build as a WorkerPoolError naming the class', async () => {
    class Unshipped extends TanhScale {
      static override className = 'Unshipped';
    }
    const model = new Sequential({ layers: [layers.dense({ units: 2, inputShape: [3] }), new Unshipped()] });
    await expect(pool.predict(model, randomTensor([2, 3], 1))).rejects.toThrow(/Unshipped/);
    await expect(pool.predict(model, randomTensor([2, 3], 1))).rejects.toThrow(WorkerPoolError);
    // The pool still works for other models.
    const ok = smallLstm(2);
    expect(bits(await pool.predict(ok, ids(2, 3)))).toEqual(bits(ok.predict(ids(2, 3))));
  });

  it('checks arguments like model.predict', async () => {
    const model = smallCnn(61);
    await expect(pool.predict(model, randomTensor([2, 5, 5, 3], 1))).rejects.toThrow(/expects input shape/);
    await expect(pool.predict({} as Sequential, randomTensor([2, 3], 1))).rejects.toThrow(ValueError);
    await expect(pool.predict(model, randomTensor([2, 14, 14, 3], 1), { batchSize: 0 })).rejects.toThrow(/batchSize/);
  });
});

describe('pool.trainOnBatch and fit', () => {
  it('one SGD step updates the weights as a single-thread step does (float32 summation tolerance)', async () => {
    for (const n of [8, 7]) {
      const single = smallCnn(71, sgd({ learningRate: 0.1 }));
      const pooled = smallCnn(71, sgd({ learningRate: 0.1 }));
      const before = single.getWeights();
      const x = randomTensor([n, 14, 14, 3], 72);
      const y = labels(n);
      const a = single.trainOnBatch(x, y);
      const b = await pool.trainOnBatch(pooled, x, y);
      expect(b).toEqual(a); // same per-sample forward: the loss and accuracy are the same numbers
      single.getWeights().forEach((w, i) => {
        const p = pooled.getWeights()[i];
        const step = w.data.map((v, j) => v - before[i].data[j]);
        const scale = Math.max(...step.map(Math.abs));
        expect(scale).toBeGreaterThan(0);
        for (let j = 0; j < w.size; j++) expect(Math.abs(p.data[j] - w.data[j])).toBeLessThanOrEqual(1e-5 * scale + 1e-6 * Math.abs(w.data[j]));
      });
    }
  });

  it('Adam steps on the LSTM track the single-thread steps', async () => {
    const single = smallLstm(81);
    const pooled = smallLstm(81);
    const x = ids(10, 82);
    const y = labels(10);
    for (let step = 0; step < 4; step++) {
      // Step 2 trains both in the calling thread: the pool must notice the pooled model's new weights.
      const a = single.trainOnBatch(x, y);
      const b = step === 2 ? pooled.trainOnBatch(x, y) : await pool.trainOnBatch(pooled, x, y);
      expect(b.loss).toBeCloseTo(a.loss, 5);
    }
    single.getWeights().forEach((w, i) => {
      const p = pooled.getWeights()[i].data;
      for (let j = 0; j < w.size; j++) expect(Math.abs(p[j] - w.data[j])).toBeLessThan(1e-5);
    });
  });

  it('steps with a weight big enough for gradient array reuse (≥ 64 Ki values) track the single-thread steps, predict in between', async () => {
    // From the second step on, the workers write such gradients into the arrays the new weights
    // came in (tape.ts gradientArray); a predict in between makes them drop those arrays.
    const build = () => {
      setSeed(91);
      const model = new Sequential({ seed: 91 });
      model.add(layers.dense({ units: 256, activation: 'relu', inputShape: [300] })); // kernel: 76,800 values
      model.add(layers.dense({ units: 1, activation: 'sigmoid' }));
      model.compile({ optimizer: sgd({ learningRate: 0.05 }), loss: 'binary_crossentropy' });
      return model;
    };
    await expectPoolTracksSingleThread(build, randomTensor([12, 300], 92), labels(12));
  });

  it('steps whose forward outputs the workers recycle (≥ 64 Ki values a shard) track the single-thread steps, predict in between', async () => {
    // Each worker reuses its forward outputs from step to step (activation-pool.ts) and holds them
    // between steps. With `flat` the prediction is a reshape of a recycled array (the pooling
    // output, 4·32·32·16 values a shard): it is moved to the calling thread, so it must never be
    // handed out again.
    for (const flat of [false, true]) {
      const build = () => {
        setSeed(95);
        const model = new Sequential({ seed: 95 });
        model.add(layers.conv2d({ filters: flat ? 16 : 8, kernelSize: 3, activation: 'relu', inputShape: [66, 66, 3] }));
        model.add(layers.maxPooling2d({ poolSize: 2 }));
        model.add(layers.flatten());
        if (!flat) model.add(layers.dense({ units: 1, activation: 'sigmoid' }));
        model.compile({ optimizer: 'adam', loss: flat ? 'mse' : 'binary_crossentropy' });
        return model;
      };
      const y = flat ? randomTensor([8, 32 * 32 * 16], 97, 0.5) : labels(8);
      await expectPoolTracksSingleThread(build, randomTensor([8, 66, 66, 3], 96), y);
    }
  });

  it('fit learns and repeats exactly for a seed (with dropout)', async () => {
    const run = async () => {
      setSeed(91);
      const model = new Sequential({ seed: 91 });
      model.add(layers.conv2d({ filters: 4, kernelSize: 3, activation: 'relu', inputShape: [14, 14, 3] }));
      model.add(layers.maxPooling2d({ poolSize: 2 }));
      model.add(layers.flatten());
      model.add(layers.dropout({ rate: 0.25 }));
      model.add(layers.dense({ units: 1, activation: 'sigmoid' }));
      model.compile({ optimizer: 'adam', loss: 'binary_crossentropy', metrics: ['accuracy'] });
      const x = randomTensor([24, 14, 14, 3], 93);
      const y = labels(24);
      const history = await model.fit(x, y, { epochs: 6, batchSize: 8, pool, verbose: 0, validationSplit: 0.25 });
      return { history, weights: model.getWeights() };
    };
    const first = await run();
    const second = await run();
    const loss = first.history.history.loss;
    expect(loss[loss.length - 1]).toBeLessThan(loss[0]);
    expect(first.history.history.val_loss).toHaveLength(6);
    expect(second.history.history).toEqual(first.history.history);
    first.weights.forEach((w, i) => expect(bits(second.weights[i])).toEqual(bits(w)));
  });

  it('BatchNormalization: moving statistics are the shards\' size-weighted mean ("ghost batch norm")', async () => {
    const build = () => {
      setSeed(101);
      const m = new Sequential({ layers: [layers.dense({ units: 3, inputShape: [4] }), layers.batchNormalization({ momentum: 0.5 }), layers.dense({ units: 1 })] });
      m.compile({ optimizer: 'sgd', loss: 'mse' });
      return m;
    };
    const single = build();
    const pooled = build();
    const x = randomTensor([8, 4], 102); // two shards of 4
    const y = randomTensor([8, 1], 103);
    single.trainOnBatch(x, y);
    await pool.trainOnBatch(pooled, x, y);
    const bn = (m: Sequential) => m.layers[1].nonTrainableWeights.map((w) => Array.from(w.data));
    const [meanS, varS] = bn(single);
    const [meanP, varP] = bn(pooled);
    // The moving mean is exactly the full-batch update (up to rounding); the variance is not.
    meanS.forEach((v, j) => expect(meanP[j]).toBeCloseTo(v, 5));
    expect(varP.every(Number.isFinite)).toBe(true);
    expect(varP).not.toEqual(varS);
  });

  it('leaves a frozen layer\'s weights exactly as they were (uneven shards)', async () => {
    const model = smallCnn(121);
    model.layers[5].trainable = false; // dense 10: its kernel and bias become non-trainable
    model.compile({ optimizer: 'adam', loss: 'binary_crossentropy' });
    const frozen = model.layers[5].weights.map((w) => bits(w));
    const x = randomTensor([9, 14, 14, 3], 122); // shards of 5 and 4
    const y = labels(9);
    for (let step = 0; step < 3; step++) await pool.trainOnBatch(model, x, y);
    model.layers[5].weights.forEach((w, i) => expect(bits(w)).toEqual(frozen[i]));
    expect(bits(model.layers[6].weights[0])).not.toEqual(bits(smallCnn(121).layers[6].weights[0]));
  });

  it('needs a loss the workers can look up by name', async () => {
    const model = smallLstm(111);
    model.compile({ optimizer: 'adam', loss: (yt: Tensor, yp: Tensor) => mean(square(sub(yp, yt))) });
    await expect(pool.trainOnBatch(model, ids(2, 1), labels(2))).rejects.toThrow(/custom loss function cannot be sent/);
    await expect(smallLstm(1).fit(ids(2, 1), labels(2), { pool: {} as WorkerPool, verbose: 0 })).rejects.toThrow(/pool must be a pool from createWorkerPool/);
  });
});
