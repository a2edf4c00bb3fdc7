/**
 * Data parallelism over worker threads. A batch is cut into contiguous shards, one per worker.
 * predict: each worker predicts its shard; the outputs are stacked in order.
 * training step: each worker computes the gradients of its shard's mean loss; the calling thread
 * sums them weighted by each shard's share of the batch (n_i / n), in shard order — the gradient of
 * the full batch's mean loss up to float32 rounding — applies the optimizer once, and sends the new
 * weights back to every worker.
 */
import { getBackendName } from '@neurite/kernels';
import type { History } from '../callbacks/history.js';
import { ValueError } from '../errors.js';
import * as losses from '../losses/index.js';
import { concatRows, sliceRows } from '../model/data.js';
import { applyBatchGradients, scoreBatches } from '../model/fit.js';
import type { CompiledState, Sequential } from '../model/sequential.js';
import { nextSeed } from '../random.js';
import { noGrad } from '../tape.js';
import { Tensor } from '../tensor.js';
import type { ModelSync } from './model-sync.js';
import { GradientSum } from './gradient-sum.js';
import type { ShardedUpdates } from './sharded-update.js';
import { fromWire, wireGather, wireRows, type GradientProgress, type GradientsResult, type WireTensor } from './protocol.js';
import type { ThreadPort } from './thread-port.js';

/**
 * Fewest rows a worker gets from a batch. The kernels' GEMM handles fewer than 4 rows on a separate
 * small-batch path (packages/kernels: crates/kernels/src/gemm.rs, gemv_rows below MR = 4) that adds
 * in another order; keeping pieces at 4 rows or more (or a smaller batch whole) keeps every sample
 * on the path the single-thread batch takes, so predictions are bit-identical.
 */
export const MIN_PIECE_ROWS = 4;

/** [start, end) of each piece when n rows are split over at most `parts` workers as evenly as possible, no piece under MIN_PIECE_ROWS rows. */
export function shardBounds(n: number, parts: number): [number, number][] {
  const count = Math.max(1, Math.min(parts, Math.floor(n / MIN_PIECE_ROWS)));
  const bounds: [number, number][] = [];
  let start = 0;
  for (let i = 0; i < count; i++) {
    const size = Math.floor(n / count) + (i < n % count ? 1 : 0);
    bounds.push([start, start + size]);
    start += size;
  }
  return bounds;
}

/** The compiled loss by name: workers can only be told a name (a built-in loss passed as a function is recognised). */
export function lossNameOf(state: CompiledState, method: string): string {
  if (state.lossName !== undefined) return state.lossName;
  const builtIn: [string, losses.LossFn][] = [
    ['binary_crossentropy', losses.binaryCrossentropy],
    ['categorical_crossentropy', losses.categoricalCrossentropy],
    ['sparse_categorical_crossentropy', losses.sparseCategoricalCrossentropy],
    ['mean_squared_error', losses.meanSquaredError],
  ];
  const found = builtIn.find(([, fn]) => fn === state.loss);
  if (found === undefined) {
    throw new ValueError(`${method}: training on worker threads needs a built-in loss given by name (e.g. compile({ loss: 'binary_crossentropy' })); a custom loss function cannot be sent to a worker. Train without the pool.`);
  }
  return found[0];
}

/**
 * The model's outputs for x (already checked). The batches are those model.predict would run; each
 * is split into pieces (shardBounds), and every worker runs its pieces as batches of their own.
 */
export async function parallelPredict(ports: readonly ThreadPort[], sync: ModelSync, model: Sequential, x: Tensor, batchSize: number): Promise<Tensor> {
  const backend = getBackendName();
  const n = x.shape[0];
  const pieces: [number, number][][] = ports.map(() => []);
  let turn = 0; // a batch too small to split goes to the next worker in turn
  for (let start = 0; start < n; start += batchSize) {
    const bounds = shardBounds(Math.min(n, start + batchSize) - start, ports.length);
    bounds.forEach(([s, e], j) => pieces[(turn + j) % ports.length].push([start + s, start + e]));
    turn = (turn + bounds.length) % ports.length;
  }
  const busy = pieces.map((own, w) => [own, w] as const).filter(([own]) => own.length > 0);
  const replies = await sync.current(model, (id) =>
    busy.map(([own, w]) => {
      const [wx, buffer] = wireGather(x, own);
      return ports[w].request<WireTensor>({ kind: 'predict', id: 0, model: id, backend, x: wx, pieces: own.map(([s, e]) => e - s) }, [buffer]);
    }),
  );
  // Each worker's rows come back in the order of its pieces; put them back in sample order.
  const first = replies[0];
  const row = first.data.length / first.shape[0];
  const out = first.dtype === 'int32' ? new Int32Array(n * row) : new Float32Array(n * row);
  replies.forEach((reply, r) => {
    let offset = 0;
    for (const [s, e] of busy[r][0]) {
      out.set(reply.data.subarray(offset * row, (offset + e - s) * row), s * row);
      offset += e - s;
    }
  });
  return new Tensor(out, [n, ...first.shape.slice(1)], first.dtype);
}

/** Mean loss and metrics over (x, y) (already checked): predictions from the workers, loss and metrics per batch here, as evaluate computes them. */
export async function parallelEvaluate(ports: readonly ThreadPort[], sync: ModelSync, model: Sequential, state: CompiledState, x: Tensor, y: Tensor, batchSize: number): Promise<Record<string, number>> {
  const pred = await parallelPredict(ports, sync, model, x, batchSize);
  return scoreBatches(state, y, batchSize, (start, end) => sliceRows(pred, start, end));
}

/** One optimisation step on (xb, yb) (already checked), its gradients computed on the workers. */
export async function parallelTrainStep(ports: readonly ThreadPort[], sync: ModelSync, sharded: ShardedUpdates, model: Sequential, state: CompiledState, xb: Tensor, yb: Tensor, where: string, history?: History): Promise<Record<string, number>> {
  // Big models: the workers update their own parts of the parameters (sharded-update.ts).
  if (sharded.applies(model, state, xb.shape[0])) return sharded.step(sync, model, state, xb, yb, where, history);
  const loss = lossNameOf(state, where === 'trainOnBatch' ? 'trainOnBatch' : 'fit');
  const backend = getBackendName();
  const n = xb.shape[0];
  // One draw from the global generator per step, so a seeded program repeats exactly.
  const seed = nextSeed();
  const bounds = shardBounds(n, ports.length);
  const trainable = model.trainableWeights;
  const sum = new GradientSum(bounds.map(([start, end]) => (end - start) / n), trainable.length);
  try {
    const results = await sync.current(model, (id) =>
      bounds.map(([start, end], i) => {
        const [wx, bx] = wireRows(xb, start, end);
        const [wy, by] = wireRows(yb, start, end);
        const early = (p: unknown) => {
          const { index, grad, rows } = p as GradientProgress;
          sum.add(i, index, grad, rows);
        };
        return ports[i].request<GradientsResult>({ kind: 'gradients', id: 0, model: id, backend, x: wx, y: wy, loss, seed: (seed + i) >>> 0 }, [bx, by], early);
      }),
    );
    results.forEach((r, i) => r.grads.forEach((g, k) => g !== null && sum.add(i, k, g)));
    const { sums, firstNonFinite } = sum.finish();
    const grads = trainable.map((w, k) => new Tensor(sums[k], w.shape, 'float32'));
    const predictions = concatRows(results.map((r) => fromWire(r.predictions)));
    const lossValue = noGrad(() => state.loss(yb, predictions).data[0]);
    const values = applyBatchGradients(model, state, { loss: lossValue, grads, predictions, firstNonFinite }, yb, where, history);
    mergeNonTrainable(model, results, bounds, n);
    // The gradient arrays are spent: they carry the new weights back to the workers.
    sync.broadcast(model, results.map((_, i) => new Map(trainable.map((w, k) => [w, sum.arrays(i)[k]]))));
    return values;
  } catch (e) {
    // The workers' training-mode forward may have moved their BatchNormalization statistics.
    sync.markStale(model);
    throw e;
  }
}

/**
 * Non-trainable weights after the step: BatchNormalization's moving statistics become the shards'
 * values weighted by shard size — for a moving mean exactly the single-thread update (in real
 * arithmetic); a moving variance misses the spread between shard means ("ghost batch norm"). The
 * sum is taken in double precision and rounded once, so a value every shard agrees on (a frozen
 * layer's weight) comes back bit for bit. Integer non-trainable weights (none built in) are taken
 * from the first shard.
 */
export function mergeNonTrainable(model: Sequential, results: GradientsResult[], bounds: [number, number][], n: number): void {
  const shares = bounds.map(([start, end]) => (end - start) / n);
  model.nonTrainableWeights.forEach((v, k) => {
    const shards = results.map((r) => r.nonTrainable[k]);
    if (v.dtype !== 'float32' || shards.length === 1) {
      v.assign(shards[0]);
      return;
    }
    const merged = new Float32Array(v.size);
    for (let j = 0; j < merged.length; j++) {
      let sum = 0;
      for (let r = 0; r < shards.length; r++) sum += shards[r][j] * shares[r];
      merged[j] = sum;
    }
    v.assign(merged);
  });
}
