/**
 * The sharded optimizer update ("reduce-scatter") for big models: instead of the calling thread
 * summing every gradient, updating all weights and copying them into every worker — work the
 * workers would wait for (seed CNN, 19 M parameters: ~130 ms a step) — each worker owns a
 * contiguous part of the trainable parameters (in `trainableWeights` order, split by element, so a
 * big weight may be shared) and the optimizer state of that part:
 *
 * 1. each worker computes its shard's gradients, keeps its own part of them and posts the other
 *    parts, which this thread routes to their owners;
 * 2. `reduce`: each worker sums its part over the shards in shard order (the sum GradientSum takes,
 *    so the same float32 values) and says whether it is finite;
 * 3. here: the loss (from the workers' predictions) and the sums are checked — a non-finite one
 *    throws TrainingDivergedError with no weight or state changed anywhere — and the learning rate
 *    and step number are taken from this thread's optimizer (schedules and callbacks keep working);
 * 4. `apply`: each worker updates its part with the built-in optimizer's kernel and returns the new
 *    values and state; only when every worker has answered are they copied into this thread's
 *    weights (and sent to the other workers), so a failure leaves the weights as they were.
 *
 * The optimizer state stays the calling thread's: the copy the workers return each step is handed
 * to the optimizer (`holdStateElsewhere`), which puts it back into its own buffers the moment
 * anything reads or writes its state (getState for checkpoints, a single-thread step, another
 * pool). The workers' own copy is used again only while the optimizer still holds this session's
 * copy; otherwise the workers are seeded again from the optimizer's state first.
 */
import { getBackendName } from '@neurite/kernels';
import { History } from '../callbacks/history.js';
import { concatRows } from '../model/data.js';
import { batchValues, checkFiniteStep } from '../model/fit.js';
import type { CompiledState, Sequential } from '../model/sequential.js';
import { Adam, AdamW, RMSprop, SGD, type Optimizer } from '../optimizers/index.js';
import { nextSeed } from '../random.js';
import { noGrad } from '../tape.js';
import type { Tensor, TypedArray } from '../tensor.js';
import type { Variable } from '../variable.js';
import { lossNameOf, mergeNonTrainable, shardBounds } from './data-parallel.js';
import { exchangeCandidate, exchangePays, type ExchangedKernel } from './dense-exchange.js';
import type { ModelSync } from './model-sync.js';
import { fromWire, wireRows, type ApplyResult, type GradientsResult, type PeerFactors, type PeerGradient, type ReduceResult, type Segment, type UpdateSpec } from './protocol.js';
import type { ThreadPort } from './thread-port.js';

/** Trainable parameters from which the update is sharded (below it the calling thread's update is cheap; see README). */
let minParameters = 1 << 21;

/** @internal For tests: the trainable-parameter count from which the sharded update is used. */
export function setShardedUpdateThreshold(parameters: number): void {
  minParameters = parameters;
}

/** The update rule of a built-in optimizer (exactly its class: a subclass may update differently), or null. */
export function updateSpec(optimizer: Optimizer): UpdateSpec | null {
  const c = optimizer.constructor;
  if (c === Adam || c === AdamW) {
    const adam = optimizer as Adam;
    return { kind: 'adam', beta1: adam.beta1, beta2: adam.beta2, epsilon: adam.epsilon, decay: c === AdamW ? (optimizer as AdamW).weightDecay : 0 };
  }
  if (c === SGD) return { kind: 'sgd', momentum: (optimizer as SGD).momentum, nesterov: (optimizer as SGD).nesterov };
  if (c === RMSprop) return { kind: 'rmsprop', rho: (optimizer as RMSprop).rho, momentum: (optimizer as RMSprop).momentum, epsilon: (optimizer as RMSprop).epsilon };
  return null;
}

/**
 * Each worker's segments: the flat parameter range [⌊P·i/parts⌋, ⌊P·(i+1)/parts⌋) cut at the
 * weights' boundaries. An exchanged dense kernel (dense-exchange.ts) is instead cut into `parts`
 * equal ranges of whole rows, one per worker, and the other weights are laid out as above: the
 * owners need whole rows, each computes its rows' gradient from the whole batch (equal ranges,
 * equal work), and with equal lengths the new values one worker posts serve the other as spare
 * arrays of the right length (shard-worker.ts), so no step allocates 38 MB afresh.
 */
export function shardLayout(sizes: readonly number[], parts: number, exchanged?: { index: number; units: number }): Segment[][] {
  const flat = exchanged === undefined ? sizes : sizes.map((size, k) => (k === exchanged.index ? 0 : size));
  const total = flat.reduce((a, b) => a + b, 0);
  const layout: Segment[][] = [];
  for (let i = 0; i < parts; i++) {
    const from = Math.floor((total * i) / parts);
    const to = Math.floor((total * (i + 1)) / parts);
    const own: Segment[] = [];
    let offset = 0;
    flat.forEach((size, index) => {
      const start = Math.max(from, offset);
      const end = Math.min(to, offset + size);
      if (start < end) own.push({ index, start: start - offset, end: end - offset });
      offset += size;
    });
    if (exchanged !== undefined) {
      const rows = sizes[exchanged.index] / exchanged.units;
      const [r0, r1] = [Math.floor((rows * i) / parts), Math.floor((rows * (i + 1)) / parts)];
      if (r0 < r1) own.push({ index: exchanged.index, start: r0 * exchanged.units, end: r1 * exchanged.units });
      own.sort((a, b) => a.index - b.index);
    }
    layout.push(own);
  }
  return layout;
}

interface Session {
  optimizer: Optimizer;
  keys: Variable[];
  modelId: number;
  layout: Segment[][];
  /** The dense kernel whose gradient factors are exchanged when that pays (dense-exchange.ts); the layout splits it by rows. */
  exchange: ExchangedKernel | null;
  /** The workers hold this session's state (false after a failed apply: seed them again). */
  workersCurrent: boolean;
  /** Per worker: the state it returned last step, while the optimizer still holds it unused (then the worker may write the next copy into it). */
  parked: Float32Array[][][] | null;
}

export class ShardedUpdates {
  private readonly sessions = new WeakMap<Sequential, Session>();

  constructor(private readonly ports: readonly ThreadPort[]) {}

  /** Whether a step on n samples takes the sharded path. */
  applies(model: Sequential, state: CompiledState, n: number): boolean {
    if (this.ports.length < 2 || shardBounds(n, this.ports.length).length !== this.ports.length) return false;
    const parameters = model.trainableWeights.reduce((a, w) => a + w.size, 0);
    return parameters >= Math.max(minParameters, this.ports.length) && updateSpec(state.optimizer) !== null;
  }

  /** One training step (see the file comment); the caller checked the data and that it `applies`. */
  async step(sync: ModelSync, model: Sequential, state: CompiledState, xb: Tensor, yb: Tensor, where: string, history = new History()): Promise<Record<string, number>> {
    const ports = this.ports;
    const optimizer = state.optimizer;
    const spec = updateSpec(optimizer)!;
    const loss = lossNameOf(state, where === 'trainOnBatch' ? 'trainOnBatch' : 'fit');
    const backend = getBackendName();
    const n = xb.shape[0];
    const seed = nextSeed(); // one draw per step, as the gradient-sum path draws
    const bounds = shardBounds(n, ports.length);
    const shares = bounds.map(([start, end]) => (end - start) / n);
    const trainable = model.trainableWeights;
    let session: Session | undefined;
    let applying = false;
    try {
      let id = 0;
      const results = await sync.current(model, (modelId) => {
        id = modelId;
        session = this.prepare(model, optimizer, trainable, modelId);
        const ex = session.exchange;
        const exchange = ex !== null && exchangePays(trainable[ex.index].size, ex.units, n) ? ex.index : undefined;
        return bounds.map(([start, end], i) => {
          const [wx, bx] = wireRows(xb, start, end);
          const [wy, by] = wireRows(yb, start, end);
          const route = (p: unknown) => {
            if ('factors' in (p as object)) {
              const { owner, segment, factors } = p as PeerFactors;
              ports[owner].send({ kind: 'peerFactors', model: modelId, from: i, segment, factors }, [factors.x.buffer as ArrayBuffer, factors.dz.buffer as ArrayBuffer]);
              return;
            }
            const { owner, segment, grad } = p as PeerGradient;
            ports[owner].send({ kind: 'peerGrad', model: modelId, from: i, segment, grad }, [grad.buffer as ArrayBuffer]);
          };
          return ports[i].request<GradientsResult>({ kind: 'gradients', id: 0, model: modelId, backend, x: wx, y: wy, loss, seed: (seed + i) >>> 0, sharded: { me: i, exchange } }, [bx, by], route);
        });
      });
      // Every worker has answered, so every routed gradient was posted before this request.
      const reduced = await Promise.all(ports.map((p) => p.request<ReduceResult>({ kind: 'reduce', id: 0, model: id, shares })));
      const predictions = concatRows(results.map((r) => fromWire(r.predictions)));
      const lossValue = noGrad(() => state.loss(yb, predictions).data[0]);
      const bads = reduced.map((r) => r.bad).filter((b) => b !== -1);
      checkFiniteStep(model, lossValue, bads.length === 0 ? -1 : Math.min(...bads), where, history);
      const lr = optimizer.currentLearningRate();
      const step = optimizer.iterations + 1;
      applying = true;
      const applied = await Promise.all(ports.map((p) => p.request<ApplyResult>({ kind: 'apply', id: 0, model: id, backend, update: spec, lr, step })));
      this.commit(model, session!, applied, results, bounds, n, id);
      optimizer.iterations = step;
      sync.markCurrent(model);
      return batchValues(state, lossValue, yb, predictions);
    } catch (e) {
      // The workers' training-mode forward may have moved their BatchNormalization statistics,
      // and after an apply some may hold new values and state: seed them again before next use.
      sync.markStale(model);
      if (applying && session !== undefined) session.workersCurrent = false;
      throw e;
    }
  }

  /** The session for this step: the workers are seeded with the optimizer's state unless they hold it already. */
  private prepare(model: Sequential, optimizer: Optimizer, trainable: Variable[], modelId: number): Session {
    const known = this.sessions.get(model);
    const exchange = exchangeCandidate(model);
    const sameExchange = known?.exchange?.index === exchange?.index && known?.exchange?.units === exchange?.units;
    const current = known !== undefined && known.workersCurrent && known.optimizer === optimizer && known.modelId === modelId && optimizer.stateHolder === known && sameKeys(known.keys, trainable) && sameExchange;
    if (current) return known;
    const layout = shardLayout(trainable.map((w) => w.size), this.ports.length, exchange ?? undefined);
    // Copies of the state (buffers that were handed out come back first); null: never updated.
    const { slots } = optimizer.getState(trainable);
    this.ports.forEach((port, i) => {
      const own = layout[i].map((seg) => {
        const whole = slots[seg.index];
        const size = trainable[seg.index].size;
        return Array.from({ length: optimizer.slotsPerWeight }, (_, q) => {
          if (whole === null) return new Float32Array(seg.end - seg.start);
          return seg.start === 0 && seg.end === size ? whole[q] : whole[q].slice(seg.start, seg.end);
        });
      });
      port.send({ kind: 'shardInit', model: modelId, me: i, layout, slots: own }, own.flat().map((a) => a.buffer as ArrayBuffer));
    });
    const session: Session = { optimizer, keys: trainable, modelId, layout, exchange, workersCurrent: true, parked: null };
    this.sessions.set(model, session);
    return session;
  }

  /** Every worker applied its update: the new values into this thread's weights and the other workers, the state to the optimizer. */
  private commit(model: Sequential, session: Session, applied: ApplyResult[], results: GradientsResult[], bounds: [number, number][], n: number, modelId: number): void {
    const { layout, keys, optimizer } = session;
    applied.forEach((a, i) => layout[i].forEach((seg, j) => keys[seg.index].data.set(a.values[j], seg.start)));
    for (const w of keys) w.markChanged();
    mergeNonTrainable(model, results, bounds, n);
    // The state the workers returned last step, unless the optimizer took it: outdated now, its
    // arrays go back to them to write the next step's copies into.
    const spares = session.parked !== null && optimizer.stateHolder === session ? session.parked.map((own) => own.flat()) : this.ports.map(() => []);
    const parked = applied.map((a) => a.slots);
    session.parked = parked;
    optimizer.holdStateElsewhere(session, keys, () => restoreState(optimizer, keys, layout, parked));
    const nonTrainable = model.nonTrainableWeights.map((w) => w.data);
    const workers = this.ports.length;
    this.ports.forEach((port, j) => {
      // Each worker's segments go to every other worker: moved to the last of them, copied for the rest.
      const parts = applied.flatMap((a, i) => {
        if (i === j) return [];
        const last = j === (i === workers - 1 ? workers - 2 : workers - 1);
        return layout[i].map((segment, s) => ({ segment, values: last ? a.values[s] : a.values[s].slice() }));
      });
      const values = nonTrainable.map((v) => v.slice() as TypedArray);
      port.send({ kind: 'segments', model: modelId, parts, nonTrainable: values, spares: spares[j] }, [
        ...parts.map((p) => p.values.buffer as ArrayBuffer),
        ...values.map((v) => v.buffer as ArrayBuffer),
        ...spares[j].map((a) => a.buffer as ArrayBuffer),
      ]);
    });
  }
}

/** Puts the workers' returned state into the optimizer: a weight's buffers as they came when one worker owns it whole, else assembled. */
function restoreState(optimizer: Optimizer, keys: Variable[], layout: Segment[][], parked: Float32Array[][][]): void {
  const pieces = keys.map(() => [] as [Segment, Float32Array[]][]);
  layout.forEach((own, i) => own.forEach((seg, j) => pieces[seg.index].push([seg, parked[i][j]])));
  keys.forEach((w, k) => {
    const parts = pieces[k];
    if (parts.length === 1 && parts[0][0].start === 0 && parts[0][0].end === w.size) {
      optimizer.adoptState(w, parts[0][1]);
      return;
    }
    const whole = Array.from({ length: optimizer.slotsPerWeight }, () => new Float32Array(w.size));
    for (const [seg, slots] of parts) slots.forEach((s, q) => whole[q].set(s, seg.start));
    optimizer.adoptState(w, whole);
  });
}

function sameKeys(a: readonly Variable[], b: readonly Variable[]): boolean {
  return a.length === b.length && a.every((w, i) => w === b[i]);
}
