// One shared-memory instance of the kernels on this thread plus one helper thread (a worker with
// its own instance on the same memory), and a way to run a kernel export on the helper while this
// thread runs another: the design a threaded build would use (XNNPACK's pthreadpool splits work the
// same way). This file is also the helper's worker script.
import { readFileSync } from 'node:fs';
import { Worker, isMainThread, workerData } from 'node:worker_threads';

/** Control block words: 0 job generation, 1 finished generation, 2 export index; f64 arguments from byte 64. */
const CONTROL_BYTES = 256;
const ARGS_AT = 64;
const MAX_ARGS = 16;

/** The WASI functions a wasm32-wasip1-threads module imports, as stubs (no files, no environment). */
function wasi(memory) {
  const u32 = () => new Uint32Array(memory.buffer);
  return {
    environ_get: () => 0,
    environ_sizes_get: (count, size) => { u32()[count >> 2] = 0; u32()[size >> 2] = 0; return 0; },
    clock_time_get: (id, precision, out) => { new BigUint64Array(memory.buffer)[out >> 3] = BigInt(Math.round(performance.now() * 1e6)); return 0; },
    fd_write: (fd, iovs, n, written) => { let t = 0; for (let i = 0; i < n; i++) t += u32()[(iovs >> 2) + 2 * i + 1]; u32()[written >> 2] = t; return 0; },
    proc_exit: (code) => { throw new Error(`proc_exit(${code})`); },
    sched_yield: () => 0,
  };
}

function imports(memory, module, names, control, helperLoop) {
  let nextTid = 1;
  return {
    env: { memory },
    wasi_snapshot_preview1: wasi(memory),
    wasi: {
      'thread-spawn': (startArg) => {
        const tid = nextTid++;
        new Worker(new URL(import.meta.url), { workerData: { module, memory, names, control: control(), tid, startArg } });
        return tid;
      },
    },
    neurite: { helper_loop: helperLoop },
  };
}

if (!isMainThread) {
  // The helper: runs inside wasi_thread_start (its own stack and TLS), waiting for jobs. Each job
  // is a fresh call of an export, so V8 runs the export's optimised code once it has it (a loop
  // inside one long wasm call would stay in the baseline tier: measured ~2× slower).
  const { module, memory, names, control, tid, startArg } = workerData;
  let instance;
  const loop = () => {
    const words = new Int32Array(memory.buffer, control, 3);
    let seen = 0;
    for (;;) {
      Atomics.wait(words, 0, seen);
      seen = Atomics.load(words, 0);
      const args = Array.from(new Float64Array(memory.buffer, control + ARGS_AT, MAX_ARGS));
      instance.exports[names[words[2]]](...args);
      Atomics.store(words, 1, seen);
      Atomics.notify(words, 1);
    }
  };
  instance = new WebAssembly.Instance(module, imports(memory, module, names, () => control, loop));
  instance.exports.wasi_thread_start(tid, startArg);
}

/** Instantiates `wasmPath` on shared memory and starts the helper; `names`: the exports it may run. */
export async function threadedKernels(wasmPath, names) {
  const module = new WebAssembly.Module(readFileSync(wasmPath));
  const memory = new WebAssembly.Memory({ initial: 256, maximum: 16384, shared: true });
  let control = 0;
  const instance = new WebAssembly.Instance(module, imports(memory, module, names, () => control, () => {
    throw new Error('the calling thread has no job loop');
  }));
  const k = instance.exports;
  k._initialize();
  control = k.alloc_bytes(CONTROL_BYTES);
  new Int32Array(memory.buffer, control, CONTROL_BYTES / 4).fill(0);
  k.start_helper();
  const words = new Int32Array(memory.buffer, control, 3);
  let generation = 0;
  // The helper's worker starts asynchronously: wait until it answers an empty job.
  const ready = async () => {
    for (let i = 0; i < 200; i++) {
      if (Atomics.load(words, 1) === generation) return;
      await new Promise((r) => setTimeout(r, 10));
    }
    throw new Error('the helper thread did not start');
  };
  return {
    memory,
    exports: k,
    async start() {
      generation++;
      new Float64Array(memory.buffer, control + ARGS_AT, MAX_ARGS).fill(0);
      words[2] = names.indexOf('noop');
      Atomics.store(words, 0, generation);
      Atomics.notify(words, 0);
      await ready();
    },
    /** Starts `name(...args)` on the helper. */
    post(name, args) {
      if (args.length > MAX_ARGS) throw new Error(`at most ${MAX_ARGS} arguments`);
      new Float64Array(memory.buffer, control + ARGS_AT, MAX_ARGS).set(args);
      words[2] = names.indexOf(name);
      generation++;
      Atomics.store(words, 0, generation);
      Atomics.notify(words, 0);
    },
    /** Blocks this thread until the helper has finished the last job (Atomics.wait: Node's main thread allows it, a browser's does not). */
    wait() {
      while (Atomics.load(words, 1) !== generation) Atomics.wait(words, 1, Atomics.load(words, 1), 1000);
    },
  };
}
