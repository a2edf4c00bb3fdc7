/**
 * createWorkerPool: worker threads, each with its own WASM kernels and copies of the models it is
 * given, for data-parallel predict, evaluate and training steps. Work on threads can only be
 * asynchronous, so it is reached through the pool (`await pool.predict(model, x)`) and through
 * `model.fit(x, y, { pool })` (already async); `model.predict` and friends stay synchronous.
 * Where there are no workers (or `threads: 1`) the same calls run in the calling thread.
 */
import { getBackendName } from '@neurite/kernels';
import type { History } from '../callbacks/history.js';
import { ValueError } from '../errors.js';
import { requireBatchSize, requireFinite, requireTensor } from '../model/data.js';
import { evaluateBatches, trainBatch } from '../model/fit.js';
import { Sequential, type CompiledState, type PredictArgs } from '../model/sequential.js';
import type { Tensor } from '../tensor.js';
import { parallelEvaluate, parallelPredict, parallelTrainStep } from './data-parallel.js';
import { WorkerPoolError } from './errors.js';
import { ModelSync } from './model-sync.js';
import { ShardedUpdates } from './sharded-update.js';
import { findThreadSource, ThreadPort } from './thread-port.js';

export interface WorkerPoolOptions {
  /** Worker threads (default: the logical cores available). 1 runs everything in the calling thread. */
  threads?: number;
  /**
   * Modules every worker imports before it loads a model, for custom layers: their exported Layer
   * classes (and any `registerLayer` calls they make) become loadable there. Absolute URLs, e.g.
   * `new URL('./my-layers.js', import.meta.url)`; the module must import '@neurite/core' itself.
   */
  modules?: (string | URL)[];
  /** The worker script, if a bundler moved it (default: `neurite-worker.js` beside @neurite/core's module). */
  workerUrl?: string | URL;
}

const MAX_THREADS = 256;
const KNOWN_OPTIONS = ['threads', 'modules', 'workerUrl'];

/** Starts the workers (each compiles its kernels) and resolves once all are ready. */
export async function createWorkerPool(options: WorkerPoolOptions = {}): Promise<WorkerPool> {
  const { threads, modules, workerUrl } = checkOptions(options);
  const source = await findThreadSource();
  const count = threads ?? source?.cores ?? 1;
  if (count === 1) return new WorkerPool([], null);
  if (source === null) return new WorkerPool([], 'this runtime offers no worker threads (no Web Worker API and no node:worker_threads)');
  let pool: WorkerPool | null = null;
  let early: WorkerPoolError | null = null;
  const onFailure = (e: WorkerPoolError) => (pool === null ? (early ??= e) : pool.fail(e));
  const ports: ThreadPort[] = [];
  try {
    for (let i = 0; i < count; i++) ports.push(new ThreadPort(source, workerUrl, i, onFailure));
    await Promise.all(ports.map((p) => p.request({ kind: 'init', id: 0, backend: getBackendName(), modules })));
    if (early !== null) throw early;
  } catch (e) {
    await Promise.all(ports.map((p) => p.terminate()));
    return new WorkerPool([], `the workers could not start (${(e as Error).message})`);
  }
  pool = new WorkerPool(ports, null);
  return pool;
}

export class WorkerPool {
  /** Threads doing the work: the workers, or 1 when running in the calling thread. */
  readonly threads: number;
  /** Why this pool runs in the calling thread although more threads were asked for (null otherwise). */
  readonly fallbackReason: string | null;
  private readonly sync: ModelSync;
  private readonly sharded: ShardedUpdates;
  private busy: Promise<void> | null = null;
  private terminated = false;
  private failure: WorkerPoolError | null = null;

  /** @internal Use createWorkerPool(). */
  constructor(private readonly ports: ThreadPort[], fallbackReason: string | null) {
    this.threads = Math.max(1, ports.length);
    this.fallbackReason = fallbackReason;
    this.sync = new ModelSync(ports);
    this.sharded = new ShardedUpdates(ports);
  }

  /** True when work runs on worker threads. */
  get usesWorkers(): boolean {
    return this.ports.length > 0;
  }

  /** `model.predict(x)`, the batch split across the workers; bit-identical outputs. */
  async predict(model: Sequential, x: Tensor, args: PredictArgs = {}): Promise<Tensor> {
    this.checkUsable();
    requireModel('predict', model);
    if (!this.usesWorkers) return model.predict(x, args);
    const batchSize = requireBatchSize('predict', args.batchSize ?? 32);
    requireTensor('predict', 'x', x);
    model.checkInput('predict', x);
    requireFinite('predict', 'x', x);
    return this.exclusive(() => parallelPredict(this.ports, this.sync, model, x, batchSize));
  }

  /** `model.evaluate(x, y)`: predictions on the workers, loss and metrics per batch as evaluate computes them. */
  async evaluate(model: Sequential, x: Tensor, y: Tensor, args: PredictArgs = {}): Promise<Record<string, number>> {
    this.checkUsable();
    requireModel('evaluate', model);
    if (!this.usesWorkers) return model.evaluate(x, y, args);
    const state = model.requireCompiled('evaluate');
    const batchSize = requireBatchSize('evaluate', args.batchSize ?? 32);
    model.checkData('evaluate', x, y);
    return this.evaluateBatches(model, state, x, y, batchSize);
  }

  /** `model.trainOnBatch(x, y)` with the batch's gradients computed on the workers (see data-parallel.ts). */
  async trainOnBatch(model: Sequential, x: Tensor, y: Tensor): Promise<Record<string, number>> {
    this.checkUsable();
    requireModel('trainOnBatch', model);
    if (!this.usesWorkers) return model.trainOnBatch(x, y);
    const state = model.requireCompiled('trainOnBatch');
    model.checkData('trainOnBatch', x, y);
    return this.trainStep(model, state, x, y, 'trainOnBatch');
  }

  /** @internal One checked training step (fit's loop). */
  trainStep(model: Sequential, state: CompiledState, xb: Tensor, yb: Tensor, where: string, history?: History): Promise<Record<string, number>> {
    this.checkUsable();
    if (!this.usesWorkers) return Promise.resolve(trainBatch(model, state, xb, yb, where, history));
    return this.exclusive(() => parallelTrainStep(this.ports, this.sync, this.sharded, model, state, xb, yb, where, history));
  }

  /** @internal Checked evaluation (evaluate, fit's validation). */
  evaluateBatches(model: Sequential, state: CompiledState, x: Tensor, y: Tensor, batchSize: number): Promise<Record<string, number>> {
    this.checkUsable();
    if (!this.usesWorkers) return Promise.resolve(evaluateBatches(model, state, x, y, batchSize));
    return this.exclusive(() => parallelEvaluate(this.ports, this.sync, model, state, x, y, batchSize));
  }

  /** Stops the workers and frees their memory; running requests fail with WorkerPoolError. */
  async terminate(): Promise<void> {
    this.terminated = true;
    await Promise.all(this.ports.map((p) => p.terminate()));
  }

  /** @internal A worker died: the pool cannot be trusted to hold complete models any more. */
  fail(error: WorkerPoolError): void {
    this.failure ??= error;
  }

  private checkUsable(): void {
    if (this.terminated) throw new WorkerPoolError('This worker pool has been terminated; create a new one with createWorkerPool().');
    if (this.failure !== null) throw this.failure;
  }

  /**
   * Runs one operation at a time (a training step must not interleave with another), starting it
   * synchronously when the pool is idle so its messages are posted before the caller continues.
   */
  private exclusive<T>(work: () => Promise<T>): Promise<T> {
    const run = this.busy === null ? work() : this.busy.then(work);
    const done = run.then(
      () => undefined,
      () => undefined,
    );
    this.busy = done;
    void done.then(() => {
      if (this.busy === done) this.busy = null;
    });
    return run;
  }
}

function requireModel(method: string, model: unknown): asserts model is Sequential {
  if (!(model instanceof Sequential)) {
    throw new ValueError(`pool.${method}(model, …): the first argument must be a Sequential model, got ${model === null ? 'null' : typeof model}.`);
  }
}

interface CheckedOptions {
  threads: number | undefined;
  modules: string[];
  workerUrl: URL | undefined;
}

function checkOptions(options: unknown): CheckedOptions {
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw new ValueError(`createWorkerPool(options): options must be an object like { threads: 2 }, got ${Array.isArray(options) ? 'an array' : String(options)}.`);
  }
  const o = options as Record<string, unknown>;
  const unknown = Object.keys(o).filter((k) => !KNOWN_OPTIONS.includes(k));
  if (unknown.length > 0) throw new ValueError(`createWorkerPool: unknown option${unknown.length > 1 ? 's' : ''} ${unknown.map((k) => `'${k}'`).join(', ')}; known options: ${KNOWN_OPTIONS.join(', ')}.`);
  const threads = o.threads;
  if (threads !== undefined && !(typeof threads === 'number' && Number.isInteger(threads) && threads >= 1 && threads <= MAX_THREADS)) {
    throw new ValueError(`createWorkerPool: threads must be a whole number from 1 to ${MAX_THREADS} (1 = the calling thread only), got ${String(threads)}.`);
  }
  const modules = o.modules ?? [];
  if (!Array.isArray(modules)) throw new ValueError(`createWorkerPool: modules must be an array of module URLs, got ${String(modules)}.`);
  return {
    threads: threads as number | undefined,
    modules: modules.map((m, i) => absoluteUrl(m, `modules[${i}]`).href),
    workerUrl: o.workerUrl === undefined ? undefined : absoluteUrl(o.workerUrl, 'workerUrl'),
  };
}

/** An absolute URL from a URL or string; a relative path or bare name would resolve against the worker file, not the caller. */
function absoluteUrl(value: unknown, what: string): URL {
  if (value instanceof URL) return value;
  if (typeof value === 'string') {
    try {
      return new URL(value);
    } catch {
      // fall through to the error below
    }
  }
  throw new ValueError(`createWorkerPool: ${what} must be an absolute URL, e.g. new URL('./my-layers.js', import.meta.url), got ${JSON.stringify(value) ?? String(value)}.`);
}

