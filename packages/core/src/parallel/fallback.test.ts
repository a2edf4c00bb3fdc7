/**
 * A runtime without workers (no Web Worker API, no node:worker_threads — simulated by mocking the
 * one module that reaches Node's threads): the pool runs in the calling thread, says why, and gives
 * exactly the single-thread results.
 */
import { beforeAll, expect, it, vi } from 'vitest';
import * as layers from '../layers/index.js';
import { Sequential } from '../model/sequential.js';
import { setSeed } from '../random.js';
import { tensor } from '../tensor.js';
import { randomTensor, setupBackends } from '../testing/oracle.js';
import { createWorkerPool } from './worker-pool.js';

vi.mock('./node-threads.js', () => ({ nodeThreads: async () => null, nodeParentPort: async () => null }));

beforeAll(setupBackends);

function model(): Sequential {
  setSeed(3);
  const m = new Sequential({ seed: 3, layers: [layers.dense({ units: 6, inputShape: [5], activation: 'relu' }), layers.dense({ units: 1, activation: 'sigmoid' })] });
  m.compile({ optimizer: 'adam', loss: 'binary_crossentropy', metrics: ['accuracy'] });
  return m;
}

it('runs predict, evaluate, trainOnBatch and fit in the calling thread with single-thread results', async () => {
  expect(typeof (globalThis as { Worker?: unknown }).Worker).toBe('undefined');
  const pool = await createWorkerPool({ threads: 2 });
  expect(pool.usesWorkers).toBe(false);
  expect(pool.threads).toBe(1);
  expect(pool.fallbackReason).toMatch(/no worker threads/);

  const [a, b] = [model(), model()];
  const x = randomTensor([10, 5], 4);
  const y = tensor(Float32Array.from({ length: 10 }, (_, i) => i % 2), [10, 1]);
  expect(Array.from((await pool.predict(a, x)).data)).toEqual(Array.from(b.predict(x).data));
  expect(await pool.evaluate(a, x, y)).toEqual(b.evaluate(x, y));
  expect(await pool.trainOnBatch(a, x, y)).toEqual(b.trainOnBatch(x, y));
  const ha = await a.fit(x, y, { epochs: 2, batchSize: 4, pool, verbose: 0 });
  const hb = await b.fit(x, y, { epochs: 2, batchSize: 4, verbose: 0 });
  expect(ha.history).toEqual(hb.history);
  a.getWeights().forEach((w, i) => expect(Array.from(w.data)).toEqual(Array.from(b.getWeights()[i].data)));
  await pool.terminate();
});
