/**
 * Kernel threads (opt-in): `await enableThreads()` replaces the kernels' instance with their
 * shared-memory build (wasm32-wasip1-threads, built by scripts/build-wasm.mjs where rustup has the
 * target, inlined in its own chunk: threads-wasm.ts) and starts one helper thread on the same
 * memory. Big kernel calls then split in two halves, run at once on the calling thread and the
 * helper, with no copies between threads: the LSTM forward and backward, the fused conv + pool
 * backward and dense layers by batch rows, products by their rows (src/kernels/*.ts,
 * `splitBatch`); forward convolutions by images (`splitImages`); dense layers and products with
 * few rows and a large right operand by output columns (`splitColumns`); a single image's
 * convolution by output rows (`splitRows`).
 *
 * Where: Node 20.16+ and Deno (a `worker_threads` helper, through process.getBuiltinModule), and
 * browsers on a cross-origin isolated page (COOP/COEP headers; elsewhere browsers hide
 * SharedArrayBuffer), where the helper is a module Web Worker made from a blob: URL. The calling
 * thread waits for the helper with Atomics.wait where it may block (Node, workers, Deno), and by
 * spinning on Atomics.load on a browser's main thread, which may not block. Where any of that is
 * missing, enableThreads() leaves the kernels as they are and says why.
 *
 * The helper is a worker with its own instance of the same compiled module, started through the
 * module's `wasi.thread-spawn` import when Rust's std::thread spawns it (crates/kernels/src/
 * thread_helper.rs); inside that thread it runs `helperLoop`, which calls kernel exports afresh per
 * job (V8 cannot move a running wasm frame to optimised code).
 */
import { afterTrap } from './resident.js';
import { resetArena } from './scratch.js';
import { threadsWasm } from './threads-wasm.js';
import { init, restart, useInstance, wasm, type KernelExports } from './wasm-module.js';

export interface ThreadsStatus {
  /** Threads the split kernels use: 2 with the helper running, else 1. */
  threads: number;
  /** Why there is no helper (null when threads is 2). */
  reason: string | null;
}

/** Exports the helper may run, by index in the control block. */
const JOBS = [
  'noop', 'lstm_forward', 'lstm_backward', 'lstm_predict', 'embedding_lstm_predict', 'embedding_lstm2_predict',
  'conv2d', 'depthwise_conv2d', 'conv2d_max_pool', 'conv2d_max_pool_train', 'conv2d_max_pool_backward', 'dense', 'dense_cols', 'matmul_rows', 'matmul_cols',
  'adam_update',
] as const;
export type Job = (typeof JOBS)[number];

/** Control block words: job generation, finished generation, job index, failed, helper exited, the job's result; then f64 arguments. */
const GENERATION = 0;
const FINISHED = 1;
const JOB = 2;
const FAILED = 3;
const EXITED = 4;
const RESULT = 5;
const ARGS_AT = 64;
const MAX_ARGS = 20;
/** Where a failed job's error text goes (UTF-8, zero-padded), so the calling thread can report it. */
const ERROR_AT = ARGS_AT + 8 * MAX_ARGS;
const ERROR_BYTES = 240;
const CONTROL_BYTES = ERROR_AT + ERROR_BYTES;

/** How long a thread spins before it sleeps: the helper for its next job, the calling thread for the helper's half (ms). */
const HELPER_SPIN_MS = 0.2;

/**
 * The WASI functions the threads build imports, as stubs (no files, no environment, no exit). Self-
 * contained: the helper's worker gets its source text.
 */
function wasiStubs(memory: WebAssembly.Memory): Record<string, (...args: never[]) => unknown> {
  const u32 = () => new Uint32Array(memory.buffer);
  return {
    environ_get: () => 0,
    environ_sizes_get: (count: number, size: number) => { u32()[count >> 2] = 0; u32()[size >> 2] = 0; return 0; },
    clock_time_get: (_id: number, _precision: bigint, out: number) => { new BigUint64Array(memory.buffer)[out >> 3] = BigInt(Math.round(performance.now() * 1e6)); return 0; },
    fd_write: (_fd: number, iovs: number, n: number, written: number) => { let t = 0; for (let i = 0; i < n; i++) t += u32()[(iovs >> 2) + 2 * i + 1]; u32()[written >> 2] = t; return 0; },
    proc_exit: (code: number) => { throw new Error(`proc_exit(${code})`); },
    sched_yield: () => 0,
  };
}

/**
 * The helper's worker, either kind: `runHelper(data)` makes its instance (WASI stubs, the shared
 * memory) and enters the job loop inside wasi_thread_start, never to return.
 */
const HELPER_SOURCE = `
function runHelper({ module, memory, control, tid, startArg, jobs, argsAt, maxArgs, errorAt, errorBytes }) {
  const words = () => new Int32Array(memory.buffer, control, 8);
  let instance;
  function loop() {
    let seen = 0;
    for (;;) {
      // Spin briefly before sleeping: split calls come in quick succession (one image's
      // convolutions), and waking a sleeping thread costs tens of microseconds each time.
      for (const until = performance.now() + ${HELPER_SPIN_MS}; Atomics.load(words(), ${GENERATION}) === seen && performance.now() < until; );
      Atomics.wait(words(), ${GENERATION}, seen);
      seen = Atomics.load(words(), ${GENERATION});
      const args = Array.from(new Float64Array(memory.buffer, control + argsAt, maxArgs));
      try {
        words()[${RESULT}] = instance.exports[jobs[words()[${JOB}]]](...args) ?? 0;
      } catch (e) {
        const text = new TextEncoder().encode(jobs[words()[${JOB}]] + ': ' + String(e)).slice(0, errorBytes);
        new Uint8Array(memory.buffer, control + errorAt, errorBytes).fill(0).set(text);
        Atomics.store(words(), ${FAILED}, 1);
      }
      Atomics.store(words(), ${FINISHED}, seen);
      Atomics.notify(words(), ${FINISHED});
    }
  }
  instance = new WebAssembly.Instance(module, {
    env: { memory },
    wasi_snapshot_preview1: (${wasiStubs.toString()})(memory),
    wasi: { 'thread-spawn': () => -1 },
    neurite: { helper_loop: loop },
  });
  instance.exports.wasi_thread_start(tid, startArg);
}
`;

/** Node's helper: its data comes as workerData; its exit (e.g. a crash) is flagged for wait(). */
const NODE_WORKER_SOURCE = `${HELPER_SOURCE}
const { workerData } = process.getBuiltinModule('node:worker_threads');
process.on('exit', () => {
  const words = new Int32Array(workerData.memory.buffer, workerData.control, 8);
  Atomics.store(words, ${EXITED}, 1);
  Atomics.notify(words, ${FINISHED});
});
runHelper(workerData);
`;

/** A Web Worker helper (browsers; any runtime with Web Workers but no process.getBuiltinModule): its data comes in the first message. */
const WEB_WORKER_SOURCE = `${HELPER_SOURCE}
self.onmessage = (event) => runHelper(event.data);
`;

/** The helper of the threaded instance. */
export interface Helper {
  /** Starts `job(...args)` on the helper thread. */
  run(job: Job, args: number[]): void;
  /** Blocks until the helper has finished the job and returns the job's result (an i32 export's, else 0); throws if it failed (threads are then off). */
  wait(): number;
}

let threaded: { exports: KernelExports; helper: Helper } | null = null;
/** The enableThreads() in progress, so two calls at once start one helper. */
let starting: Promise<ThreadsStatus> | null = null;
let status: ThreadsStatus = { threads: 1, reason: 'enableThreads() has not been called' };
let splits = 0;

/** The helper, while the threaded instance is the kernels' instance (a trap replaces it by a single-thread one). */
export function activeHelper(): Helper | null {
  return threaded !== null && wasm() === threaded.exports ? threaded.helper : null;
}

/**
 * Floating-point operations below which a call is not split: a job's round trip to the helper
 * costs ~50 µs, a few million operations' worth.
 */
export const SPLIT_WORK = 1 << 23;

/**
 * How a kernel call over `batch` rows of `steps` steps splits with the helper, or null (no helper,
 * under 4 rows, or under SPLIT_WORK operations of `work`). The cut is the even row nearest the middle: the LSTM kernels pair rows two by
 * two (a lone last row sums in another order), so each half pairs its rows as one call would.
 * `row(ptr, floats)` is the address of the helper's first row in a buffer of `floats` per step.
 */
export function splitBatch(batch: number, steps: number, work: number): { helper: Helper; half: number; rest: number; row(ptr: number, floats: number): number } | null {
  const helper = batch >= 4 && work >= SPLIT_WORK ? activeHelper() : null;
  if (helper === null) return null;
  const half = 2 * Math.round(batch / 4);
  splits++;
  return { helper, half, rest: batch - half, row: (ptr, floats) => ptr + half * steps * floats * 4 };
}

/**
 * How a call over `batch` independent images (a forward convolution) splits with the helper, or
 * null (no helper, one image, or under SPLIT_WORK operations): this thread takes images [0, half),
 * the helper the rest, and an odd batch leaves the extra image here. Unlike `splitBatch` (whose cut
 * is even, for the LSTM's row pairs, and which needs 4 rows) two or three pictures split too, and
 * six split 3 / 3, not 4 / 2. `row(ptr, floats)` is the address of the helper's first image in a
 * buffer of `floats` per image.
 */
export function splitImages(batch: number, work: number): { helper: Helper; half: number; rest: number; row(ptr: number, floats: number): number } | null {
  const helper = batch >= 2 && work >= SPLIT_WORK ? activeHelper() : null;
  if (helper === null) return null;
  const half = Math.ceil(batch / 2);
  splits++;
  return { helper, half, rest: batch - half, row: (ptr, floats) => ptr + half * floats * 4 };
}

/**
 * How a product of `rows` × `k` by `k` × `n` splits by output columns, or null (no helper, or split
 * it by rows: over 64 rows, under 4, a small right operand, or n not a multiple of 8). With few
 * rows each float of the right operand is used only a few times, so a split by rows would have
 * both threads stream all of it (the seed CNN's dense kernel: 75 MB); by columns each reads its
 * half. Each half stays on the whole product's GEMM path (crates/kernels/src/gemm_wide.rs: up to
 * 64 rows, over 2^20 floats of the operand, a multiple of 8 columns), so each element gets one
 * call's sums. This thread takes columns [0, half), the helper [half, n); half is a multiple of 16
 * (64 bytes).
 */
export function splitColumns(rows: number, k: number, n: number): { helper: Helper; half: number } | null {
  const half = 16 * Math.round(n / 32);
  const fits = rows >= 4 && rows <= 64 && n % 8 === 0 && k * Math.min(half, n - half) > 1 << 20;
  const helper = fits ? activeHelper() : null;
  if (helper === null) return null;
  splits++;
  return { helper, half };
}

/**
 * How one image's convolution with `outH` output rows and `work` operations splits by output rows,
 * or null (no helper, more than one image, under 4 rows, or under SPLIT_WORK operations): this
 * thread takes rows [0, half), the helper [half, outH). `even`: the cut must be an even row (for
 * Winograd's 2×2 output tiles). (Batches split by images: `splitBatch`.)
 */
export function splitRows(batch: number, outH: number, work: number, even: boolean): { helper: Helper; half: number } | null {
  const helper = batch === 1 && outH >= 4 && work >= SPLIT_WORK ? activeHelper() : null;
  if (helper === null) return null;
  splits++;
  return { helper, half: even ? 2 * Math.round(outH / 4) : Math.ceil(outH / 2) };
}

/**
 * Elements below which an element-wise call (an optimizer update) is not split. Adam moves ~28
 * bytes an element; below 2^20 elements the gain is at most ~0.2 ms (the seed LSTM's 640 k-value
 * embedding: 0.64 → 0.45 ms alone), and an earlier split of that update measured its training
 * step slower (README, Benchmarks).
 */
export const SPLIT_ELEMENTS = 1 << 20;

/**
 * How an element-wise call over n elements splits with the helper, or null (no helper, or under
 * SPLIT_ELEMENTS): this thread takes elements [0, half), the helper [half, n). The cut is a
 * multiple of 16 elements (64 bytes), so the helper's part starts on a whole f32x4 vector.
 */
export function splitElements(n: number): { helper: Helper; half: number } | null {
  const helper = n >= SPLIT_ELEMENTS ? activeHelper() : null;
  if (helper === null) return null;
  splits++;
  return { helper, half: 16 * Math.round(n / 32) };
}

/** Kernel calls split between the two threads so far in this process (a diagnostic: is it doing anything?). */
export function splitCalls(): number {
  return splits;
}

/** Whether the split kernels run on two threads, and if not, why. */
export function threadsStatus(): ThreadsStatus {
  return activeHelper() !== null ? status : { threads: 1, reason: status.reason ?? 'a kernel trapped, so the single-thread instance replaced the threaded one' };
}

/** What a helper worker starts from (structured-cloned to it: the module and memory are shared). */
interface HelperData {
  module: WebAssembly.Module;
  memory: WebAssembly.Memory;
  control: number;
  tid: number;
  startArg: number;
  jobs: readonly string[];
  argsAt: number;
  maxArgs: number;
  errorAt: number;
  errorBytes: number;
}

type SpawnHelper = (data: HelperData) => void;

/** Node 20.16+: a worker_threads worker. */
function nodeSpawner(): SpawnHelper | null {
  const get = (globalThis as { process?: { getBuiltinModule?: (name: string) => unknown } }).process?.getBuiltinModule;
  if (typeof get !== 'function') return null;
  const { Worker } = get('node:worker_threads') as { Worker: new (source: string, options: { eval: true; workerData: unknown }) => { unref(): void } };
  // unref: an idle helper must not keep the program alive.
  return (data) => new Worker(NODE_WORKER_SOURCE, { eval: true, workerData: data }).unref();
}

interface WebWorkerGlobals {
  Worker?: new (url: string, options: { type: 'module' }) => { postMessage(data: unknown): void };
  Blob?: new (parts: string[], options: { type: string }) => object;
  URL: { createObjectURL?(blob: object): string };
}

/** Browsers (and runtimes with Web Workers but no process.getBuiltinModule): a module Web Worker from a blob: URL, so no file or network is needed. */
function webSpawner(): SpawnHelper | null {
  const { Worker, Blob, URL } = globalThis as unknown as WebWorkerGlobals;
  if (typeof Worker !== 'function' || typeof Blob !== 'function' || typeof URL.createObjectURL !== 'function') return null;
  return (data) => {
    // The URL is not revoked: the worker may still be loading it.
    const url = URL.createObjectURL!(new Blob([WEB_WORKER_SOURCE], { type: 'text/javascript' }));
    new Worker(url, { type: 'module' }).postMessage(data);
  };
}

/**
 * Sleeps (at most timeoutMs) until the helper has finished job number `generation` of the control
 * block `words`; returns Atomics.wait's answer. FINISHED moves from generation - 1 to generation
 * once, when the job is done, so waiting on generation - 1 returns at once if the helper is
 * already done. Waiting on a value read just before instead can miss that move: when the helper's
 * store lands between the read and the wait, the wait sleeps out its whole timeout. That happened
 * about once in a thousand split calls, a 1 s stall each time (stop 24, timed by a scratch bench:
 * in 4 of 6 runs of 200 seed-LSTM training steps, one call waited 1000 ms).
 */
export function sleepUntilFinished(words: Int32Array, generation: number, timeoutMs: number): 'ok' | 'not-equal' | 'timed-out' {
  return Atomics.wait(words, FINISHED, generation - 1, timeoutMs);
}

/** The error text a failed helper job left in the control block (see ERROR_AT). */
function helperError(memory: WebAssembly.Memory, control: number): string {
  const bytes = new Uint8Array(memory.buffer, control + ERROR_AT, ERROR_BYTES).slice(); // TextDecoder refuses shared views
  const end = bytes.indexOf(0);
  return new TextDecoder().decode(end === -1 ? bytes : bytes.subarray(0, end));
}

/** Whether this thread may block in Atomics.wait: a browser's main thread may not (it throws). */
function mayBlock(): boolean {
  try {
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 1, 0);
    return true;
  } catch {
    return false;
  }
}

function unavailable(reason: string): ThreadsStatus {
  status = { threads: 1, reason };
  return status;
}

/**
 * Starts the helper thread and moves the kernels onto the shared-memory instance. Resolves to the
 * status: { threads: 2 } on success, else { threads: 1, reason } with the kernels unchanged.
 * Resident weights are copied into the new instance on their next use.
 */
export function enableThreads(): Promise<ThreadsStatus> {
  starting ??= start().finally(() => {
    starting = null;
  });
  return starting;
}

async function start(): Promise<ThreadsStatus> {
  if (activeHelper() !== null) return status;
  if (typeof SharedArrayBuffer !== 'function' || typeof Atomics?.wait !== 'function') {
    return unavailable('this runtime has no SharedArrayBuffer or Atomics.wait (browsers offer them only to cross-origin isolated pages: serve the page with the headers Cross-Origin-Opener-Policy: same-origin and Cross-Origin-Embedder-Policy: require-corp)');
  }
  const spawn = nodeSpawner() ?? webSpawner();
  if (spawn === null) return unavailable('kernel threads need Node 20.16 or newer (process.getBuiltinModule and worker_threads) or a runtime with Web Workers');
  const bytes = await threadsWasm();
  if (bytes === null) return unavailable('this build of @neurite/kernels has no threads module (its build machine had no wasm32-wasip1-threads Rust target)');
  await init(); // the single-thread module, which a trap falls back to
  const module = await WebAssembly.compile(bytes);
  const memory = new WebAssembly.Memory({ initial: 256, maximum: 65536, shared: true });
  let control = 0;
  let spawnError: unknown = null;
  const instance = await WebAssembly.instantiate(module, {
    env: { memory },
    wasi_snapshot_preview1: wasiStubs(memory),
    wasi: {
      'thread-spawn': (startArg: number) => {
        try {
          spawn({ module, memory, control, tid: 1, startArg, jobs: JOBS, argsAt: ARGS_AT, maxArgs: MAX_ARGS, errorAt: ERROR_AT, errorBytes: ERROR_BYTES });
          return 1;
        } catch (error) {
          spawnError = error; // e.g. a content security policy that forbids blob: workers
          return -1;
        }
      },
    },
    neurite: { helper_loop: () => { throw new Error('Internal: the calling thread has no job loop.'); } },
  });
  const exports = instance.exports as unknown as KernelExports & { _initialize(): void; start_helper(): void };
  exports._initialize();
  control = exports.alloc_bytes(CONTROL_BYTES);
  const words = new Int32Array(memory.buffer, control, 8);
  words.fill(0);
  const blocking = mayBlock();
  let generation = 0;
  const helper: Helper = {
    run(job, args) {
      new Float64Array(memory.buffer, control + ARGS_AT, MAX_ARGS).set(args);
      words[JOB] = JOBS.indexOf(job);
      generation++;
      Atomics.store(words, GENERATION, generation);
      Atomics.notify(words, GENERATION);
    },
    wait() {
      // The helper's half usually ends about when this thread's does: spin a little before sleeping.
      for (const until = performance.now() + HELPER_SPIN_MS; Atomics.load(words, FINISHED) !== generation && performance.now() < until; );
      while (Atomics.load(words, FINISHED) !== generation) {
        if (Atomics.load(words, EXITED) === 1) break;
        if (blocking) sleepUntilFinished(words, generation, 1000);
      }
      if (Atomics.load(words, FAILED) === 1 || Atomics.load(words, EXITED) === 1) {
        const why = Atomics.load(words, FAILED) === 1 ? helperError(memory, control) : 'the helper thread exited';
        // The shared memory is not trusted again (the helper may have died holding the allocator's
        // lock): a fresh single-thread instance, as after a trap on this thread (scratch.ts).
        threaded = null;
        restart();
        resetArena();
        afterTrap(true);
        status = { threads: 1, reason: `the kernel helper thread failed (${why}); kernels run on one thread` };
        throw new Error(`A kernel call on the helper thread failed (${why}); kernel threads are now off. Retry the call: it runs on one thread.`);
      }
      return words[RESULT];
    },
  };
  try {
    exports.start_helper();
  } catch (error) {
    // Rust's spawn traps when thread-spawn refuses.
    return unavailable(`the kernel helper thread could not start: ${String(spawnError ?? error)}`);
  }
  // The worker starts asynchronously: wait (without blocking) until it has run an empty job.
  helper.run('noop', []);
  for (let i = 0; Atomics.load(words, FINISHED) !== generation; i++) {
    if (i === 500) return unavailable('the kernel helper thread did not start within 5 s');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  useInstance(instance.exports);
  resetArena();
  afterTrap(true); // resident copies lived in the old instance's memory
  threaded = { exports, helper };
  status = { threads: 2, reason: null };
  return status;
}
