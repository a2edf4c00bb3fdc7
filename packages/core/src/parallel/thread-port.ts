/**
 * One worker, as the pool sees it: requests out, one reply per request back, matched by id.
 * Node (node:worker_threads) and Web Workers (browsers, Deno, Bun) behind one small class. A Node
 * worker holds the process open only while a request is pending (ref/unref), so a program that
 * forgets `pool.terminate()` still exits, and one that awaits a result never exits early.
 */
import { WorkerPoolError } from './errors.js';
import { nodeThreads } from './node-threads.js';
import type { Reply, Request } from './protocol.js';

/** The methods both kinds of worker share (Node's Worker or the Web Worker API). */
interface RawWorker {
  post(message: Request, transfer: Transferable[]): void;
  terminate(): Promise<void>;
  /** Node only: whether the worker keeps the process alive. */
  hold(held: boolean): void;
}

type Pending = { resolve: (value: unknown) => void; reject: (error: Error) => void; progress?: (value: unknown) => void };

/** Where workers come from in this runtime, and how many cores there are. */
export interface ThreadSource {
  kind: 'node' | 'web';
  cores: number;
  spawn(url: URL | undefined, index: number, events: WorkerEvents): RawWorker;
}

interface WorkerEvents {
  message(reply: Reply): void;
  failed(error: Error): void;
}

/** Web Workers where the global API exists, else Node's worker threads, else null (run in-thread). */
export async function findThreadSource(): Promise<ThreadSource | null> {
  const WebWorker = (globalThis as { Worker?: typeof Worker }).Worker;
  if (typeof WebWorker === 'function') {
    const cores = (globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator?.hardwareConcurrency ?? 1;
    return { kind: 'web', cores: Math.max(1, cores), spawn: (url, index, events) => spawnWeb(WebWorker, url, index, events) };
  }
  const node = await nodeThreads();
  if (node === null) return null;
  return {
    kind: 'node',
    cores: node.cores,
    spawn: (url, index, events) => {
      const worker = new node.Worker(url ?? defaultWorkerUrl(), { name: `neurite-worker-${index}` });
      worker.on('message', (reply: Reply) => events.message(reply));
      worker.on('error', (e: Error) => events.failed(e));
      worker.on('exit', (code: number) => events.failed(new Error(`the worker exited (code ${code})`)));
      return {
        post: (message, transfer) => worker.postMessage(message, transfer as never),
        terminate: async () => void (await worker.terminate()),
        hold: (held) => (held ? worker.ref() : worker.unref()),
      };
    },
  };
}

/** The worker entry shipped beside this module in core's dist (see tsup.config.ts). */
function defaultWorkerUrl(): URL {
  return new URL('./neurite-worker.js', import.meta.url);
}

function spawnWeb(WebWorker: typeof Worker, url: URL | undefined, index: number, events: WorkerEvents): RawWorker {
  // Written out literally so bundlers (Vite, webpack 5, esbuild plugins) find and emit the worker file.
  const worker = url === undefined
    ? new WebWorker(new URL('./neurite-worker.js', import.meta.url), { type: 'module', name: `neurite-worker-${index}` })
    : new WebWorker(url, { type: 'module', name: `neurite-worker-${index}` });
  worker.addEventListener('message', (e: MessageEvent<Reply>) => events.message(e.data));
  worker.addEventListener('error', (e: ErrorEvent) => {
    e.preventDefault();
    events.failed(new Error(e.message || 'the worker script failed to load or threw'));
  });
  worker.addEventListener('messageerror', () => events.failed(new Error('a message from the worker could not be deserialised')));
  return {
    post: (message, transfer) => worker.postMessage(message, transfer),
    terminate: async () => worker.terminate(),
    hold: () => {},
  };
}

export class ThreadPort {
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private failure: WorkerPoolError | null = null;
  private stopped = false;
  private readonly worker: RawWorker;

  /** @param onFailure called once if the worker dies or fails (not after terminate). */
  constructor(source: ThreadSource, url: URL | undefined, readonly index: number, private readonly onFailure: (error: WorkerPoolError) => void) {
    this.worker = source.spawn(url, index, {
      message: (reply) => this.settle(reply),
      failed: (error) => this.fail(error),
    });
    this.worker.hold(false);
  }

  /** Posts a message that gets no reply (model loads and weight updates; they stay in order with requests). */
  send(message: Request, transfer: Transferable[] = []): void {
    this.checkUsable();
    this.worker.post(message, transfer);
  }

  /** Posts a request (its `id` is filled in) and resolves with the worker's result; `progress` gets the request's progress messages before that. */
  request<T>(message: Request & { id: number }, transfer: Transferable[] = [], progress?: (value: unknown) => void): Promise<T> {
    this.checkUsable();
    const id = this.nextId++;
    message.id = id;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject, progress });
      if (this.pending.size === 1) this.worker.hold(true);
      this.worker.post(message, transfer);
    });
  }

  async terminate(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.rejectAll(new WorkerPoolError('The worker pool was terminated while this request was running.'));
    await this.worker.terminate();
  }

  private checkUsable(): void {
    if (this.failure !== null) throw this.failure;
    if (this.stopped) throw new WorkerPoolError('This worker pool has been terminated; create a new one with createWorkerPool().');
  }

  private settle(reply: Reply): void {
    const waiting = this.pending.get(reply.id);
    if (waiting === undefined) return;
    if ('progress' in reply) {
      waiting.progress?.(reply.progress);
      return;
    }
    this.pending.delete(reply.id);
    if (this.pending.size === 0) this.worker.hold(false);
    if (reply.ok) waiting.resolve(reply.result);
    else waiting.reject(new WorkerPoolError(`Worker ${this.index}: ${reply.error.name}: ${reply.error.message}`, undefined, reply.error.name));
  }

  private fail(cause: Error): void {
    if (this.stopped || this.failure !== null) return;
    this.failure = new WorkerPoolError(`Worker ${this.index} failed: ${cause.message}. Create a new pool with createWorkerPool().`, { cause });
    this.rejectAll(this.failure);
    this.worker.hold(false);
    this.onFailure(this.failure);
  }

  private rejectAll(error: Error): void {
    for (const p of this.pending.values()) p.reject(error);
    this.pending.clear();
  }
}
