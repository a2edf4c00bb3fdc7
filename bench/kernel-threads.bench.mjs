// One thread against kernel threads (`enableThreads()` from @neurite/kernels: the kernels'
// shared-memory build, each big LSTM, convolution, dense and product call split with one
// helper thread): the seed models' batch inference and training steps, and the split LSTM kernels
// alone on the seed LSTM's first layer's shapes (copies into and out of WASM memory included, as
// the SDK calls them). Each side runs in a process of its own (threads are per process),
// alternating; a speed-up is the median of the rounds' ratios.
//
//   node bench/kernel-threads.bench.mjs [--quick]   # --quick: one short round, nothing written
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { medianCallMs, Speedups } from './speedups.mjs';

const { values: args } = parseArgs({ options: { quick: { type: 'boolean', default: false }, side: { type: 'string' } } });
const WORK = ['seed CNN predict, batch 32', 'seed CNN train step, batch 32, Adam', 'seed LSTM predict, batch 64', 'seed LSTM train step, batch 64, Adam', 'lstmForward + lstmBackward, batch 64 × 100 steps, 64 → 64 units', 'adamUpdate, 640 k values (not split: under 2^20 values)'];
/** Warm-up calls and timed calls per work item (the CNN's are 10–100× longer). */
const CALLS = [[2, 10], [2, 8], [10, 100], [5, 40], [5, 40], [5, 40]];

if (args.side) {
  // A child: one side's medians, as JSON on the last line.
  const { enableThreads, wasmKernels, markResident } = await import('@neurite/kernels');
  const { tensor } = await import('@neurite/core');
  const { neuriteSeedCnn, neuriteSeedLstm } = await import('./neurite-models.mjs');
  const { images } = await import('./cases.mjs');
  const status = args.side === 'threads' ? await enableThreads() : { threads: 1, reason: null };
  const calls = (k) => (args.quick ? [1, 1] : CALLS[k]);
  const cnn = neuriteSeedCnn();
  const pictures = images(32).x;
  const cx = tensor(pictures.data, pictures.shape, pictures.dtype);
  const cy = tensor(Float32Array.from({ length: 32 }, (_, i) => i % 2), [32, 1]);
  const ids = new Int32Array(64 * 100);
  for (let i = 0; i < ids.length; i++) ids[i] = ((i * 2654435761) >>> 0) % 10000;
  const model = neuriteSeedLstm();
  const x = tensor(ids, [64, 100], 'int32');
  const y = tensor(Float32Array.from({ length: 64 }, (_, i) => i % 2), [64, 1]);
  const floats = (n, seed) => Float32Array.from({ length: n }, (_, i) => Math.sin(seed + i * 0.37) * 0.3);
  const [B, T, D, U] = [64, 100, 64, 64];
  const lx = floats(B * T * D, 1), lk = floats(D * 4 * U, 2), lr = floats(U * 4 * U, 3), lb = floats(4 * U, 4), dh = floats(B * T * U, 5);
  for (const w of [lk, lr, lb]) markResident(w); // weights live in WASM memory, as a model's do
  const h = new Float32Array(B * T * U);
  const [dx, dk, dr, db] = [new Float32Array(lx.length), new Float32Array(lk.length), new Float32Array(lr.length), new Float32Array(lb.length)];
  const adamCase = (n) => {
    const [p, gr, m, v] = [floats(n, 6), floats(n, 7), new Float32Array(n), new Float32Array(n)];
    for (const a of [p, m, v]) markResident(a); // a weight and its moments live in WASM memory
    return () => wasmKernels.adamUpdate(p, gr, m, v, 1e-3, 0.9, 0.999, 1e-7, 1, 0);
  };
  const work = [
    () => cnn.predict(cx, { batchSize: 32 }),
    () => cnn.trainOnBatch(cx, cy),
    () => model.predict(x, { batchSize: 64 }),
    () => model.trainOnBatch(x, y),
    () => wasmKernels.lstmBackward(lx, lk, lr, h, wasmKernels.lstmForward(lx, lk, lr, lb, h, B, T, D, U), dh, dx, dk, dr, db, B, T, D, U),
    adamCase(640_000),
  ];
  const ms = work.map((fn, k) => medianCallMs(fn, ...calls(k)));
  console.log(JSON.stringify({ ms, status }));
  process.exit(0);
}

const side = (name) => {
  const run = spawnSync(process.execPath, [new URL(import.meta.url).pathname, '--side', name, ...(args.quick ? ['--quick'] : [])], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`the ${name} side failed: ${run.stderr}`);
  return JSON.parse(run.stdout.trim().split('\n').at(-1));
};
const rounds = args.quick ? 1 : 5;
const speedups = new Speedups(WORK);
for (let r = 0; r < rounds; r++) {
  const one = side('single');
  const two = side('threads');
  if (two.status.threads !== 2) {
    console.log(`kernel threads are off: ${two.status.reason}`);
    process.exit(0);
  }
  console.log(`round ${r + 1}: ${speedups.add(one.ms, two.ms)}`);
}
const table = speedups.table();
console.log(`\n${table}`);
if (!args.quick) {
  const header = `Measured ${new Date().toISOString().slice(0, 10)} with \`node bench/kernel-threads.bench.mjs\` (Node ${process.version}): medians of 8–10 calls after 2 (CNN), 100 after 10 (LSTM predict) or 40 after 5 (the rest), in a process with one thread and one with kernel threads (\`enableThreads()\`), ${rounds} alternating rounds.`;
  mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
  writeFileSync(new URL('./results/kernel-threads.md', import.meta.url), `${header}\n\n${table}\n`);
}
