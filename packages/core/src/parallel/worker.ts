/**
 * The worker entry (built to dist/neurite-worker.js): its own WASM kernel instance and its own
 * copies of the caller's models. It answers predict and gradients requests on one shard of a batch
 * each; the calling thread combines the answers. Messages are handled one at a time, in order.
 * No network: the kernels are compiled from the copy inlined in @neurite/kernels.
 */
import { init, setBackend } from '@neurite/kernels';
import { collectActivations, releaseActivations } from '../activation-pool.js';
import { loadModel } from '../io/load.js';
import type { CustomLayers } from '../io/layer-from-config.js';
import { Layer } from '../layers/layer.js';
import type { LayerClass } from '../layers/registry.js';
import { concatRows } from '../model/data.js';
import { batchGradients } from '../model/fit.js';
import { recyclesActivations } from '../model/recycling.js';
import type { Sequential } from '../model/sequential.js';
import { setSeed } from '../random.js';
import { takingDenseKernelGradients } from '../ops/dense-kernel-gradient.js';
import { recordGiven } from '../spare-arrays.js';
import { noGrad, releaseGradientArrays } from '../tape.js';
import { Tensor, type TypedArray } from '../tensor.js';
import { nodeParentPort } from './node-threads.js';
import { fromWire, ownsBuffer, type BackendName, type GradientProgress, type GradientsResult, type PeerGradient, type Reply, type Request, type WireTensor } from './protocol.js';
import { touchedRows } from './touched-rows.js';
import { apply, beginStep, initShard, receiveFactors, receivePeer, receiveSegments, reduce, routeFactors, routeGradient, type ShardState } from './shard-worker.js';

interface Held {
  model: Sequential | null;
  /** Why loading failed; reported by the next request on this model. */
  error: Error | null;
  /** The loss the model is compiled with here (only the loss matters in a worker). */
  loss: string | null;
  /** This worker's part of a sharded optimizer update, once the calling thread set one up. */
  shard?: ShardState;
}

const models = new Map<number, Held>();
let customLayers: CustomLayers = {};
let queue: Promise<void> = Promise.resolve();
let post: (reply: Reply, transfer: Transferable[]) => void = () => {};
/**
 * The arrays the latest weights message brought, spent once copied into the model: the next
 * backward pass writes its gradients into them (gradientArray in tape.ts) instead of into fresh
 * arrays, which cost a page fault per 4 KB on first write (the seed CNN's dense kernel gradient is
 * 76 MB a step). Held here until that pass, as the tape holds spare arrays only weakly; dropped by
 * a predict request (no gradients to write).
 */
let spentWeights: Float32Array[] = [];
/**
 * The spare arrays the latest gradients pass left (its forward outputs, its backward's inner
 * gradients), held until the next pass: the tape and activation-pool.ts hold them only weakly, and
 * between the messages of a step the garbage collector cleared them, so every step allocated them
 * afresh (seed CNN at b16: ~50 MB, often page-faulting; see recordGiven in spare-arrays.ts).
 */
let spentSpares: Float32Array[] = [];

function receive(message: Request): void {
  queue = queue.then(() => handle(message));
}

// A Web Worker (browsers, Deno, Bun) listens at once, so no early message is missed; in Node,
// parentPort queues messages until a listener is attached.
const scope = globalThis as unknown as { WorkerGlobalScope?: unknown; postMessage?: (m: unknown, t: Transferable[]) => void; addEventListener?: (t: string, l: (e: MessageEvent<Request>) => void) => void };
if (typeof scope.WorkerGlobalScope !== 'undefined' && typeof scope.postMessage === 'function') {
  post = (reply, transfer) => scope.postMessage!(reply, transfer);
  scope.addEventListener!('message', (e) => receive(e.data));
} else {
  const port = await nodeParentPort();
  if (port !== null) {
    post = (reply, transfer) => port.postMessage(reply, transfer as never);
    port.on('message', receive);
  }
}

async function handle(message: Request): Promise<void> {
  const id = 'id' in message ? message.id : null;
  try {
    const [result, transfer] = await run(message);
    if (id !== null) post({ id, ok: true, result }, transfer);
  } catch (e) {
    const error = e instanceof Error ? { name: e.name, message: e.message } : { name: 'Error', message: String(e) };
    if (id !== null) post({ id, ok: false, error }, []);
    // A message without a reply (weights, segments, …) that failed leaves the model unreliable:
    // the next request on it reports the error instead of computing with wrong values.
    else if ('model' in message && models.has(message.model)) models.get(message.model)!.error ??= e instanceof Error ? e : new Error(String(e));
  }
}

async function run(message: Request): Promise<[unknown, Transferable[]]> {
  switch (message.kind) {
    case 'init':
      await useBackend(message.backend);
      customLayers = await importLayers(message.modules);
      return [null, []];
    case 'load':
      try {
        models.set(message.model, { model: await loadModel(message.artifacts, { customLayers }), error: null, loss: null });
      } catch (e) {
        models.set(message.model, { model: null, error: e as Error, loss: null });
      }
      return [null, []];
    case 'weights': {
      const held = models.get(message.model);
      if (held?.model) held.model.weights.forEach((w, i) => w.assign(message.values[i]));
      spentWeights = message.values.filter((v): v is Float32Array => v instanceof Float32Array);
      return [null, []];
    }
    case 'release':
      models.delete(message.model);
      return [null, []];
    case 'shardInit':
      modelFor(message.model).shard = initShard(message);
      return [null, []];
    case 'peerGrad':
      receivePeer(shardFor(message.model), message);
      return [null, []];
    case 'peerFactors':
      receiveFactors(shardFor(message.model), message);
      return [null, []];
    case 'reduce':
      return [reduce(shardFor(message.model), message.shares), []];
    case 'apply': {
      await useBackend(message.backend);
      const model = modelFor(message.model).model!;
      const [result, transfer, tape] = apply(shardFor(message.model), model, message);
      // The next backward pass writes its gradients into this one's (see spentWeights): arrays of
      // their own, never a weight's.
      const weights = new Set(model.weights.map((w) => w.data.buffer));
      spentWeights = tape.filter((a) => ownsBuffer(a) && !weights.has(a.buffer));
      return [result, transfer];
    }
    case 'segments':
      receiveSegments(shardFor(message.model), modelFor(message.model).model!, message);
      return [null, []];
    case 'predict': {
      await useBackend(message.backend);
      const model = modelFor(message.model).model!;
      spentWeights = [];
      spentSpares = [];
      const y = predictPieces(model, fromWire(message.x), message.pieces);
      const out = wire(y.data, y.shape, y.dtype);
      return [out, [out.data.buffer]];
    }
    case 'gradients':
      await useBackend(message.backend);
      return gradients(message);
  }
}

/**
 * Each piece through the model as model.predict runs one batch (`call` without training or tape),
 * so the outputs are bit-identical; the caller has already checked x (shape, finite values), so
 * predict's checks and copies of each batch are not repeated here.
 */
function predictPieces(model: Sequential, x: Tensor, pieces: number[]): Tensor {
  const parts: Tensor[] = [];
  let offset = 0;
  noGrad(() => {
    for (const size of pieces) {
      parts.push(model.call(size === x.shape[0] ? x : rowsView(x, offset, offset + size), false));
      offset += size;
    }
  });
  return parts.length === 1 ? parts[0] : concatRows(parts);
}

/** Rows [start, end) of `t` as a view of its array (no copy). */
function rowsView(t: Tensor, start: number, end: number): Tensor {
  const row = t.size / t.shape[0];
  return new Tensor(t.data.subarray(start * row, end * row), [end - start, ...t.shape.slice(1)], t.dtype);
}

function gradients(message: Extract<Request, { kind: 'gradients' }>): [GradientsResult, Transferable[]] {
  const held = modelFor(message.model);
  const model = held.model!;
  if (held.loss !== message.loss) {
    model.compile({ optimizer: 'sgd', loss: message.loss });
    held.loss = message.loss;
  }
  // Dropout and augmentation without their own seed draw from the global generator: seeding it
  // per shard and step makes the run repeatable.
  setSeed(message.seed);
  // Moved to the caller as they are when the array is a buffer of its own that nothing else here
  // uses (not a weight's, not another gradient's); copied otherwise.
  const taken = new Set<ArrayBufferLike>(model.weights.map((w) => w.data.buffer));
  const movable = (d: Float32Array) => ownsBuffer(d) && !taken.has(d.buffer);
  // A gradient the backward pass has finished goes to the caller at once, so the caller sums the
  // shards' gradients of the last layers (the seed CNN's 19 M-value dense kernel) while this
  // worker computes the first layers'. Each is taken from the tape: only its buffer is moved.
  const sent = new Set<number>();
  releaseGradientArrays(spentWeights);
  const shard = message.sharded === undefined ? undefined : shardFor(message.model);
  if (shard !== undefined && shard.me !== message.sharded!.me) throw new Error(`Internal: worker set up as shard ${shard.me} got shard ${message.sharded!.me}.`);
  const exchange = message.sharded?.exchange;
  if (shard !== undefined) beginStep(shard, exchange);
  // Sharded update: the segments other workers own go to them (through the calling thread).
  const route = (index: number, grad: Float32Array): boolean => {
    const moved = routeGradient(shard!, index, grad, movable(grad), (p: PeerGradient) => {
      if (p.grad.buffer !== grad.buffer) taken.add(p.grad.buffer);
      post({ id: message.id, progress: p }, [p.grad.buffer as ArrayBuffer]);
    });
    if (moved) taken.add(grad.buffer);
    sent.add(index);
    return moved;
  };
  // The exchanged dense kernel: its gradient is not computed here; its factors go to the owners of its rows (dense-exchange.ts).
  const exchanged = exchange === undefined ? null : model.trainableWeights[exchange];
  const takeKernelGradient = (kernel: Tensor, x: Float32Array, dz: Float32Array, rows: number): boolean => {
    if (kernel !== exchanged) return false;
    if (sent.has(exchange!)) throw new Error('Internal: the exchanged dense kernel was used twice in one pass.');
    routeFactors(shard!, exchange!, x, dz, rows, (p) => post({ id: message.id, progress: p }, [p.factors.x.buffer as ArrayBuffer, p.factors.dz.buffer as ArrayBuffer]));
    sent.add(exchange!);
    return true;
  };
  const state = model.requireCompiled('gradients');
  const x = fromWire(message.x);
  const y = fromWire(message.y);
  const pass = () => batchGradients(model, state, x, y, (index, grad) => {
    if (shard !== undefined) return route(index, grad);
    if (!movable(grad)) return false; // copied with the rest at the end
    taken.add(grad.buffer);
    // A large gradient with untouched (+0) rows, e.g. an Embedding's: the caller sums only the rows some shard touched.
    const shape = model.trainableWeights[index].shape;
    const ids = touchedRows(grad, shape);
    const rows = ids === null ? undefined : { ids, width: grad.length / shape[0] };
    post({ id: message.id, progress: { index, grad, rows } satisfies GradientProgress }, rows === undefined ? [grad.buffer as ArrayBuffer] : [grad.buffer as ArrayBuffer, ids!.buffer as ArrayBuffer]);
    sent.add(index);
    return true;
  });
  // The forward outputs are recycled as single-thread trainBatch does (activation-pool.ts), instead
  // of fresh arrays every step (the seed CNN's pooled conv1 output and its taps: 11 MB each at b16),
  // which are zeroed on allocation and often page-fault.
  const { result: { grads, predictions }, given } = recordGiven(() => {
    const { result, arrays } = collectActivations(() => (exchanged === null ? pass() : takingDenseKernelGradients(takeKernelGradient, pass)));
    // The pass is over and nothing here keeps its forward outputs (factors and gradients for other
    // workers are copies or gradient arrays), except any that aliases what lives on.
    if (recyclesActivations(model.layers, state)) {
      releaseActivations(arrays, [x.data, y.data, result.predictions.data, ...result.grads.map((g) => g.data), ...model.weights.map((w) => w.data)]);
    }
    return result;
  });
  spentWeights = [];
  spentSpares = given;
  taken.add(predictions.data.buffer);
  if (shard !== undefined) grads.forEach((g, k) => sent.has(k) || route(k, g.data as Float32Array));
  const scaled = grads.map((g, k) => {
    if (sent.has(k)) return null;
    const d = g.data as Float32Array;
    const out = movable(d) ? d : d.slice();
    taken.add(out.buffer);
    return out;
  });
  const nonTrainable = model.nonTrainableWeights.map((w) => w.data.slice() as TypedArray);
  const result: GradientsResult = { grads: scaled, predictions: wire(predictions.data, predictions.shape, predictions.dtype), nonTrainable };
  const transfer: Transferable[] = [...scaled.flatMap((g) => (g === null ? [] : [g.buffer as ArrayBuffer])), result.predictions.data.buffer as ArrayBuffer, ...nonTrainable.map((v) => v.buffer as ArrayBuffer)];
  return [result, transfer];
}

function shardFor(id: number): ShardState {
  const shard = modelFor(id).shard;
  if (shard === undefined) throw new Error(`Internal: model ${id} has no sharded update set up in this worker.`);
  return shard;
}

function modelFor(id: number): Held {
  const held = models.get(id);
  if (held === undefined) throw new Error(`model ${id} was never loaded in this worker`);
  if (held.error !== null) throw held.error;
  return held;
}

/** A tensor to transfer: its own values, copied first unless they fill a buffer of their own. */
function wire(data: WireTensor['data'], shape: number[], dtype: WireTensor['dtype']): WireTensor {
  return { data: ownsBuffer(data) ? data : (data.slice() as WireTensor['data']), shape, dtype };
}

async function useBackend(name: BackendName): Promise<void> {
  setBackend(name);
  if (name === 'wasm') await init();
}

/** Imports each module and collects the Layer classes it exports (it may also call registerLayer). */
async function importLayers(urls: string[]): Promise<CustomLayers> {
  const found: CustomLayers = {};
  for (const url of urls) {
    const exports = (await import(/* @vite-ignore */ url)) as Record<string, unknown>;
    for (const value of Object.values(exports)) {
      if (typeof value === 'function' && value.prototype instanceof Layer && typeof (value as { className?: unknown }).className === 'string') {
        const cls = value as unknown as LayerClass;
        found[cls.className] = cls;
      }
    }
  }
  return found;
}
