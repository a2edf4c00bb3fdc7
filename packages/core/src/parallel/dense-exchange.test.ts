/**
 * The exchange of a big dense kernel's gradient factors in the sharded update (dense-exchange.ts):
 * the owner's rows of dW from every shard's x and dz, checked against a float64 sum; the
 * finiteness verdict (proven from the factors, or by a pass over the product when not provable);
 * the layout cut at whole kernel rows; and pool training with the exchange against single-thread
 * training. The thresholds are lowered so a small model takes the path.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { getBackendName, setBackend } from '@neurite/kernels';
import type { Sequential } from '../model/sequential.js';
import { adam, sgd, type Optimizer } from '../optimizers/index.js';
import { randomTensor, setupBackends } from '../testing/oracle.js';
import { exchangeCandidate, exchangePays, kernelGradient, setDenseExchangeThreshold } from './dense-exchange.js';
import type { Factors, Request } from './protocol.js';
import { setShardedUpdateThreshold, shardLayout } from './sharded-update.js';
import { bits, bundleWorker, convDenseModel, expectDivergingStepChangesNothing, expectSameTraining, labels, type BundledWorker } from './test-support.js';
import type { ThreadPort } from './thread-port.js';
import { createWorkerPool, type WorkerPool } from './worker-pool.js';

let bundle: BundledWorker;
let pool: WorkerPool;

beforeAll(async () => {
  await setupBackends();
  setShardedUpdateThreshold(0);
  setDenseExchangeThreshold(1000);
  bundle = await bundleWorker();
  pool = await createWorkerPool({ threads: 2, workerUrl: bundle.workerUrl });
});

afterAll(async () => {
  setShardedUpdateThreshold(1 << 21);
  setDenseExchangeThreshold(1 << 20);
  await pool?.terminate();
  await bundle?.cleanup();
});

/** flatten 144 → Dense(24): kernel 3,456 values, exchanged at threshold 1000. */
function exchangeCnn(seed: number, optimizer: Optimizer): Sequential {
  return convDenseModel(seed, optimizer, 14, 24);
}

/** Counts the kinds of messages the calling thread sends to the workers. */
function countSends(p: WorkerPool): { counts: Map<string, number>; restore: () => void } {
  const counts = new Map<string, number>();
  const ports = (p as unknown as { ports: ThreadPort[] }).ports;
  const spies = ports.map((port) => {
    const send = port.send.bind(port);
    return vi.spyOn(port, 'send').mockImplementation((message: Request, transfer?: Transferable[]) => {
      counts.set(message.kind, (counts.get(message.kind) ?? 0) + 1);
      send(message, transfer);
    });
  });
  return { counts, restore: () => spies.forEach((s) => s.mockRestore()) };
}

describe('kernelGradient', () => {
  const make = (rows: number, cols: number, units: number, seed: number): Factors => ({
    x: randomTensor([rows, cols], seed).data as Float32Array,
    dz: randomTensor([rows, units], seed + 1).data as Float32Array,
    rows,
  });
  const scratch = (length: number) => new Float32Array(length);

  for (const backend of ['wasm', 'reference'] as const) {
    it(`${backend}: the owner's rows of Σ_i s_i·x_iᵀ·dz_i over every shard, in one product`, () => {
      const before = getBackendName();
      setBackend(backend);
      const factors = [make(3, 7, 5, 1), make(2, 7, 5, 3)]; // shards of 3 and 2 rows, 7 kernel rows, 5 units
      const shares = [0.6, 0.4];
      const out = new Float32Array(7 * 5);
      expect(kernelGradient(factors, shares, 5, out, scratch)).toBe(true);
      for (let c = 0; c < 7; c++) {
        for (let u = 0; u < 5; u++) {
          let sum = 0;
          factors.forEach((f, r) => {
            for (let i = 0; i < f.rows; i++) sum += f.x[i * 7 + c] * Math.fround(f.dz[i * 5 + u] * shares[r]);
          });
          expect(Math.abs(out[c * 5 + u] - sum)).toBeLessThan(1e-6);
        }
      }
      setBackend(before);
    });
  }

  it('non-finite: a NaN factor, or a product that overflows float32, is reported', () => {
    const out = new Float32Array(2 * 3);
    const nan = make(2, 2, 3, 5);
    nan.x[3] = NaN;
    expect(kernelGradient([nan, make(2, 2, 3, 7)], [0.5, 0.5], 3, out, scratch)).toBe(false);
    const huge = make(2, 2, 3, 9);
    huge.x.fill(3e38);
    huge.dz.fill(4);
    expect(kernelGradient([huge, make(2, 2, 3, 11)], [0.5, 0.5], 3, out, scratch)).toBe(false);
    expect(out.some((v) => !Number.isFinite(v))).toBe(true);
  });

  it('large factors whose bound is not below 2¹²⁷ but whose product is finite: checked on the product, finite', () => {
    // max|x| · Σ_r max|dz_r| = 1e20 · (1e-20 + 1e19) > 2¹²⁷, yet every product is at most 1e0.
    const f: Factors = { x: Float32Array.of(1e20, 1e-20), dz: Float32Array.of(1e-20, 1e19), rows: 2 };
    const out = new Float32Array(1);
    expect(kernelGradient([f], [1], 1, out, scratch)).toBe(true);
    expect(out[0]).toBeCloseTo(Math.fround(1e20) * Math.fround(1e-20) + Math.fround(1e-20) * Math.fround(1e19), 5);
  });
});

describe('exchange choice and layout', () => {
  it('the layout gives each worker an equal range of whole rows of the exchanged kernel, and lays out the other weights by element', () => {
    // Kernel (index 2): 12 rows of 8. The other 14 values are split 7 / 7 as if the kernel were not there.
    expect(shardLayout([10, 3, 96, 1], 2, { index: 2, units: 8 })).toEqual([
      [{ index: 0, start: 0, end: 7 }, { index: 2, start: 0, end: 48 }],
      [{ index: 0, start: 7, end: 10 }, { index: 1, start: 0, end: 3 }, { index: 2, start: 48, end: 96 }, { index: 3, start: 0, end: 1 }],
    ]);
  });

  it('the largest trainable Dense kernel from the threshold; exchanged only while the factors are at most half its values', () => {
    const model = exchangeCnn(1, adam());
    expect(exchangeCandidate(model)).toEqual({ index: 2, units: 24 });
    model.layers[3].trainable = false;
    expect(exchangeCandidate(model)).toBeNull();
    // 144 inputs × 24 units = 3,456 values; n samples exchange n·(144 + 24).
    expect(exchangePays(3456, 24, 10)).toBe(true); // 2·1,680 ≤ 3,456
    expect(exchangePays(3456, 24, 11)).toBe(false);
  });
});

describe('pool training with the exchanged kernel', () => {
  const optimizers: [string, () => Optimizer][] = [
    ['Adam', () => adam({ learningRate: 0.01 })],
    ['SGD with momentum', () => sgd({ learningRate: 0.1, momentum: 0.9 })],
  ];
  for (const [name, make] of optimizers) {
    for (const n of [8, 9]) {
      it(`${name}, batch ${n}: weights and state track single-thread steps; the workers' copies stay current`, async () => {
        const single = exchangeCnn(11, make());
        const pooled = exchangeCnn(11, make());
        const x = randomTensor([n, 14, 14, 3], 12);
        const y = labels(n);
        const sends = countSends(pool);
        try {
          for (let step = 0; step < 3; step++) {
            const a = single.trainOnBatch(x, y);
            const b = await pool.trainOnBatch(pooled, x, y);
            expect(b.accuracy).toBe(a.accuracy);
            expect(b.loss).toBeCloseTo(a.loss, 5);
            expect(bits(await pool.predict(pooled, x))).toEqual(bits(pooled.predict(x)));
          }
        } finally {
          sends.restore();
        }
        expect(sends.counts.get('peerFactors')).toBe(2 * 3); // each worker's factors to the other, every step
        expectSameTraining(pooled, single);
      });
    }
  }

  it('batches where the exchange does not pay sum the kernel\'s gradient instead, in the same session: the same run as one thread', async () => {
    const single = exchangeCnn(31, adam({ learningRate: 0.01 }));
    const pooled = exchangeCnn(31, adam({ learningRate: 0.01 }));
    const small = randomTensor([8, 14, 14, 3], 32); // exchanged
    const large = randomTensor([12, 14, 14, 3], 33); // 2·12·168 > 3,456: summed
    const sends = countSends(pool);
    try {
      for (const x of [small, large, small, large]) {
        single.trainOnBatch(x, labels(x.shape[0]));
        await pool.trainOnBatch(pooled, x, labels(x.shape[0]));
      }
    } finally {
      sends.restore();
    }
    expect(sends.counts.get('peerFactors')).toBe(2 * 2);
    expect(sends.counts.get('shardInit')).toBe(2); // one session throughout
    expectSameTraining(pooled, single);
  });

  it('a diverging step throws TrainingDivergedError and changes nothing; the pool goes on from there', async () => {
    const single = exchangeCnn(51, adam({ learningRate: 0.01 }));
    const pooled = exchangeCnn(51, adam({ learningRate: 0.01 }));
    await expectDivergingStepChangesNothing(pool, single, pooled, randomTensor([8, 14, 14, 3], 52), labels(8), 1);
  });
});
