// Experiment: what a shared-memory build gives on two threads, kernel by kernel. Loads the
// kernels' shared-memory build (@neurite/kernels' wasm/neurite_kernels_threads.wasm, built where
// rustup has wasm32-wasip1-threads), runs it on this thread plus one helper thread sharing its
// memory (shared-memory/threaded-kernels.mjs), and times single kernel calls on the seed models'
// shapes against the same work split in two halves run at once, with no copies between threads.
// (`enableThreads()` in @neurite/kernels does this inside the SDK for the kernels it splits.)
//
//   node bench/shared-memory.bench.mjs [--quick]   # --quick: one short round, nothing written (the
//   bench package's test runs it, so CI checks that it runs)
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { threadedKernels } from './shared-memory/threaded-kernels.mjs';

const { values: args } = parseArgs({ options: { quick: { type: 'boolean', default: false } } });
const quick = args.quick;
const wasm = join(dirname(dirname(createRequire(import.meta.url).resolve('@neurite/kernels'))), 'wasm', 'neurite_kernels_threads.wasm');
if (!existsSync(wasm)) {
  console.log(`skipped: ${wasm} was not built (its build machine had no wasm32-wasip1-threads Rust target)`);
  process.exit(0);
}
const names = ['noop', 'lstm_forward', 'lstm_backward', 'adam_update', 'dense'];
const t = await threadedKernels(wasm, names);
await t.start();
const k = t.exports;
const floats = (n, seed) => {
  const p = k.alloc_bytes(n * 4);
  const a = new Float32Array(t.memory.buffer, p, n);
  for (let i = 0; i < n; i++) a[i] = Math.sin(seed + i * 0.37) * 0.3;
  return p;
};
const view = (p, n) => new Float32Array(t.memory.buffer, p, n);
const median = (fn, reps) => {
  for (let i = 0; i < 3; i++) fn();
  const ms = [];
  for (let i = 0; i < reps; i++) { const s = performance.now(); fn(); ms.push(performance.now() - s); }
  ms.sort((a, b) => a - b);
  return ms[reps >> 1];
};
const rows = [];
function measure(work, single, split, reps, note = '') {
  // Alternating rounds, so drift hits both alike.
  const one = [], two = [];
  for (let r = 0; r < (quick ? 1 : 3); r++) { one.push(median(single, quick ? 1 : reps)); two.push(median(split, quick ? 1 : reps)); }
  const a = Math.min(...one), b = Math.min(...two);
  rows.push(`| ${work} | ${a.toFixed(2)} ms | ${b.toFixed(2)} ms | ${(a / b).toFixed(2)}× | ${note} |`);
  console.log(rows.at(-1));
}

// The seed LSTM's first layer: batch 64, 100 steps, 64 inputs, 64 units.
{
  const B = 64, T = 100, D = 64, U = 64, G = 4 * U, half = B / 2;
  const x = floats(B * T * D, 1), w = floats(D * G, 2), r = floats(U * G, 3), b = floats(G, 4);
  const h = floats(B * T * U, 0), c = floats(B * T * U, 0), g = floats(B * T * G, 0);
  const dh = floats(B * T * U, 5), dx = floats(B * T * D, 0);
  const dw = floats(D * G, 0), dr = floats(U * G, 0), db = floats(G, 0);
  const dw2 = floats(D * G, 0), dr2 = floats(U * G, 0), db2 = floats(G, 0);
  const rowsOf = (p, perRow) => p + half * perRow * 4; // the second half's rows
  const forward1 = () => k.lstm_forward(x, w, r, b, h, c, g, B, T, D, U);
  const forward2 = () => {
    t.post('lstm_forward', [rowsOf(x, T * D), w, r, b, rowsOf(h, T * U), rowsOf(c, T * U), rowsOf(g, T * G), half, T, D, U]);
    k.lstm_forward(x, w, r, b, h, c, g, half, T, D, U);
    t.wait();
  };
  forward1();
  const want = view(h, B * T * U).slice();
  forward2();
  const same = view(h, B * T * U).every((v, i) => v === want[i]);
  measure('LSTM forward, batch 64 (seed layer 1)', forward1, forward2, 21, `h bit-identical: ${same}`);
  const backward1 = () => k.lstm_backward(x, w, r, h, c, g, dh, dx, dw, dr, db, B, T, D, U);
  const backward2 = () => {
    t.post('lstm_backward', [rowsOf(x, T * D), w, r, rowsOf(h, T * U), rowsOf(c, T * U), rowsOf(g, T * G), rowsOf(dh, T * U), rowsOf(dx, T * D), dw2, dr2, db2, half, T, D, U]);
    k.lstm_backward(x, w, r, h, c, g, dh, dx, dw, dr, db, half, T, D, U);
    t.wait();
    // The one serial part: the helper's weight gradients added to this thread's.
    for (const [p, q, n] of [[dw, dw2, D * G], [dr, dr2, U * G], [db, db2, G]]) {
      const into = view(p, n), from = view(q, n);
      for (let i = 0; i < n; i++) into[i] += from[i];
    }
  };
  measure('LSTM backward, batch 64 (seed layer 1)', backward1, backward2, 21, 'includes summing the halves\' weight gradients');
}

// The seed CNN's dense layer, batch 32: 36992 × 512.
{
  const N = 32, K = 36992, M = 512, half = N / 2;
  const x = floats(N * K, 6), w = floats(K * M, 7), bias = floats(M, 8), out = floats(N * M, 0);
  const dense1 = () => k.dense(x, w, bias, out, N, K, M, 1);
  const dense2 = () => {
    t.post('dense', [x + half * K * 4, w, bias, out + half * M * 4, half, K, M, 1]);
    k.dense(x, w, bias, out, half, K, M, 1);
    t.wait();
  };
  measure('dense 36992×512, batch 32 (seed CNN)', dense1, dense2, 9);
  // Adam over that kernel's 19 M values: memory-bound.
  const n = K * M, h2 = n / 2;
  const gr = floats(n, 9), m = floats(n, 0), v = floats(n, 0);
  const adam1 = () => k.adam_update(w, gr, m, v, n, 1e-3, 0.9, 0.999, 1e-7, 0.1, 0.001, 0);
  const adam2 = () => {
    t.post('adam_update', [w + h2 * 4, gr + h2 * 4, m + h2 * 4, v + h2 * 4, h2, 1e-3, 0.9, 0.999, 1e-7, 0.1, 0.001, 0]);
    k.adam_update(w, gr, m, v, h2, 1e-3, 0.9, 0.999, 1e-7, 0.1, 0.001, 0);
    t.wait();
  };
  measure('Adam update, 19 M values (seed CNN dense kernel)', adam1, adam2, 9, 'memory-bound');
}

const rounds = quick ? 20 : 2000;
const s = performance.now();
for (let i = 0; i < rounds; i++) { t.post('noop', []); t.wait(); }
const dispatch = ((performance.now() - s) / rounds) * 1000;
const lines = [
  `Measured ${new Date().toISOString().slice(0, 10)} with \`node bench/shared-memory.bench.mjs\` (Node ${process.version}): the kernels built for wasm32-wasip1-threads, one call on this thread against the same work split in halves run at once on this thread and a helper thread sharing the instance's memory (best of 3 alternating medians). An empty job's round trip to the helper: ${dispatch.toFixed(1)} µs. An experiment: the shipped kernels are single-threaded (see packages/core/src/parallel/README.md).`,
  '',
  '| work | 1 thread | 2 threads | speed-up | note |',
  '| --- | ---: | ---: | ---: | --- |',
  ...rows,
  '',
];
console.log(`empty job round trip: ${dispatch.toFixed(1)} µs`);
if (quick) process.exit(0);
mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
writeFileSync(new URL('./results/shared-memory.md', import.meta.url), lines.join('\n'));
process.exit(0);
