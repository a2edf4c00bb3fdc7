/**
 * An Embedding's gradient through the pool: the workers say which rows their shards touched
 * (touched-rows.ts) and the calling thread sums only those. The sum must equal the dense sum of
 * the same shard gradients bit for bit, and training must track one thread as the dense path does.
 */
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import * as layers from '../layers/index.js';
import { Sequential } from '../model/sequential.js';
import { setSeed } from '../random.js';
import { tensor, type Tensor } from '../tensor.js';
import { setupBackends } from '../testing/oracle.js';
import { GradientSum, type TouchedRows } from './gradient-sum.js';
import { bundleWorker, type BundledWorker } from './test-support.js';
import { createWorkerPool, type WorkerPool } from './worker-pool.js';

let bundle: BundledWorker;
let pool: WorkerPool;

beforeAll(async () => {
  await setupBackends();
  bundle = await bundleWorker();
  pool = await createWorkerPool({ threads: 2, workerUrl: bundle.workerUrl });
});

afterAll(async () => {
  await pool?.terminate();
  await bundle?.cleanup();
});

const VOCAB = 3000; // × 8 = 24,000 values: summed by touched rows
function build(): Sequential {
  setSeed(5);
  const model = new Sequential({ seed: 5 });
  model.add(layers.embedding({ inputDim: VOCAB, outputDim: 8, inputLength: 6 }));
  model.add(layers.flatten());
  model.add(layers.dense({ units: 1, activation: 'sigmoid' }));
  model.compile({ optimizer: 'adam', loss: 'binary_crossentropy' });
  return model;
}

/** 12 rows of 6 ids: row 0 and the last row of the table, ids repeated within and across the two shards. */
function batch(step: number): [Tensor, Tensor] {
  const ids = new Int32Array(72);
  for (let i = 0; i < 12; i++) ids.set([0, VOCAB - 1, 17, 17, (i * 131 + step * 7) % VOCAB, (i * 53 + step) % VOCAB], i * 6);
  const y = Float32Array.from({ length: 12 }, (_, i) => (i + step) % 2);
  return [tensor(ids, [12, 6], 'int32'), tensor(y, [12, 1])];
}

it('sums the embedding gradient over touched rows only, bit for bit the dense sum, and tracks one thread', async () => {
  const single = build();
  const pooled = build();
  // Record what the workers sent (copies: the arrays are summed into, then reused) and each sum.
  const sent: { grads: Float32Array[][]; rows: (TouchedRows | undefined)[][] } = { grads: [[], []], rows: [[], []] };
  const sums: Float32Array[][] = [];
  const add = GradientSum.prototype.add;
  const finish = GradientSum.prototype.finish;
  const addSpy = vi.spyOn(GradientSum.prototype, 'add').mockImplementation(function (this: GradientSum, r, k, grad, rows) {
    sent.grads[r][k] = grad.slice();
    sent.rows[r][k] = rows;
    return add.call(this, r, k, grad, rows);
  });
  const finishSpy = vi.spyOn(GradientSum.prototype, 'finish').mockImplementation(function (this: GradientSum) {
    const out = finish.call(this);
    sums.push(out.sums.map((s) => s.slice()));
    return out;
  });
  try {
    for (let step = 0; step < 3; step++) {
      const [x, y] = batch(step);
      const a = single.trainOnBatch(x, y);
      const b = await pool.trainOnBatch(pooled, x, y);
      expect(b.loss).toBeCloseTo(a.loss, 5);
      // The workers reported the embedding's touched rows (row 0 and the last among them), and not the dense kernel's.
      const ids = sent.rows.map((shard) => Array.from(shard[0]!.ids));
      for (const shard of ids) expect(shard.length).toBeLessThan(VOCAB * 0.75);
      expect(ids.flat()).toContain(0);
      expect(ids.flat()).toContain(VOCAB - 1);
      expect(sent.rows.every((shard) => shard[1] === undefined)).toBe(true);
      // The same shard gradients summed densely (the unspied methods) give the same bits.
      const dense = new GradientSum([0.5, 0.5], sent.grads[0].length);
      sent.grads.forEach((shard, r) => shard.forEach((g, k) => add.call(dense, r, k, g.slice())));
      const expected = finish.call(dense).sums;
      expect(sums.length).toBe(step + 1);
      expected.forEach((e, k) => expect(Array.from(new Int32Array(sums[step][k].buffer))).toEqual(Array.from(new Int32Array(e.buffer))));
      expect(expected[0].some((v) => v !== 0)).toBe(true);
    }
  } finally {
    addSpy.mockRestore();
    finishSpy.mockRestore();
  }
  single.getWeights().forEach((w, i) => {
    const p = pooled.getWeights()[i].data;
    for (let j = 0; j < w.size; j++) expect(Math.abs(p[j] - w.data[j])).toBeLessThan(1e-5);
  });
});
