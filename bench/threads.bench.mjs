// One thread vs a two-worker pool (createWorkerPool, issue #7) on the two tutorial models:
// seed CNN predict and train step at batch 32, seed LSTM predict and train step at batch 64.
// Prints medians and speed-ups and writes bench/results/threads.md. Each row's two figures come
// from the same run, alternating, so machine load hits both alike. `--quick` runs each case once
// (and writes nothing). The single thread runs in a child process of its own, as a program not
// using the pool would: in the pool's process a single-thread CNN training step was ~9 % slower
// (1,539 vs 1,406 ms, alternating), which made the pool look faster than it is.
//
// For predict it also times "one worker + the calling thread": the model's protocol is spoken to a
// single raw worker (dist/neurite-worker.js) that predicts half the batch while this thread
// predicts the other half — the design the pool did not take, measured to justify that.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { createRequire } from 'node:module';
import { createWorkerPool, tensor } from '@neurite/core';
import { neuriteSeedCnn, neuriteSeedLstm } from './neurite-models.mjs';
import { formatMs, median, medianMs } from './timing.mjs';

const quick = process.argv.includes('--quick');
// `--only LSTM` runs the cases whose name contains that text (results/threads.md is then not written).
const only = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1] : null;
// Rounds until the case has taken budgetMs (at least 5, at most 41): the LSTM's ~20 ms calls get
// dozens, the CNN's 1–2 s steps the minimum. This VM drifts by 10–30 % from minute to minute.
const timing = quick ? { warmup: 0, repeats: 1, minRepeats: 1 } : { warmup: 1, repeats: 41, minRepeats: 5, budgetMs: 12000 };

function images(batch) {
  const data = new Float32Array(batch * 150 * 150 * 3);
  for (let i = 0; i < data.length; i++) data[i] = ((i * 2654435761) >>> 0) / 4294967296;
  return { x: tensor(data, [batch, 150, 150, 3]), y: labels(batch) };
}

function sequences(batch) {
  const data = new Int32Array(batch * 100);
  for (let i = 0; i < data.length; i++) data[i] = ((i * 2654435761) >>> 0) % 10000;
  return { x: tensor(data, [batch, 100], 'int32'), y: labels(batch) };
}

function labels(batch) {
  return tensor(Float32Array.from({ length: batch }, (_, i) => i % 2), [batch, 1]);
}

const cases = [
  { work: 'seed CNN predict, batch 32', build: neuriteSeedCnn, input: () => images(32), op: 'predict' },
  { work: 'seed CNN train step, batch 32, Adam', build: neuriteSeedCnn, input: () => images(32), op: 'train' },
  { work: 'seed LSTM predict, batch 64', build: neuriteSeedLstm, input: () => sequences(64), op: 'predict' },
  { work: 'seed LSTM train step, batch 64, Adam', build: neuriteSeedLstm, input: () => sequences(64), op: 'train' },
];

/** The single-thread contender's call for case c on its own model instance. */
function singleCall(c, model, x, y) {
  return c.op === 'predict' ? () => model.predict(x, { batchSize: x.shape[0] }) : () => model.trainOnBatch(x, y);
}

// `--single k`: this file as the child process that runs case k on one thread. Each line `run`
// on stdin runs one call and answers its wall and process CPU time (ms); `cpu n` runs n calls and
// answers this thread's CPU time per call (or `null` without /proc).
if (process.argv.includes('--single')) {
  const c = cases[Number(process.argv[process.argv.indexOf('--single') + 1])];
  const { x, y } = c.input();
  const call = singleCall(c, c.build(), x, y);
  process.stdout.write('ready\n');
  for await (const line of createInterface({ input: process.stdin })) {
    if (line === 'run') {
      const cpu = process.cpuUsage();
      const t = performance.now();
      await call();
      const wall = performance.now() - t;
      const d = process.cpuUsage(cpu);
      process.stdout.write(`${wall} ${(d.user + d.system) / 1000}\n`);
    } else {
      const n = Number(line.split(' ')[1]);
      const before = threadCpu();
      for (let i = 0; i < n; i++) await call();
      const after = threadCpu();
      const own = String(process.pid);
      process.stdout.write(before === null ? 'null\n' : `${(after.get(own) - before.get(own)) / n}\n`);
    }
  }
  process.exit(0);
}

/** Case c's single-thread contender in a child process (see `--single`). */
async function singleProcess(index) {
  const child = spawn(process.execPath, [new URL(import.meta.url).pathname, '--single', String(index)], { stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const ask = async (line) => {
    child.stdin.write(`${line}\n`);
    const { value, done } = await lines.next();
    if (done) throw new Error('the single-thread child process ended');
    return value;
  };
  if ((await lines.next()).value !== 'ready') throw new Error('the single-thread child process did not start');
  return {
    run: async () => {
      const [wall, cpu] = (await ask('run')).split(' ').map(Number);
      return { wall, cpu };
    },
    threadCpu: async (n) => {
      const got = await ask(`cpu ${n}`);
      return got === 'null' ? null : Number(got);
    },
    end: () => child.kill(),
  };
}

/** A single raw worker speaking the pool's protocol (see packages/core/src/parallel/protocol.ts). */
async function rawWorker(model) {
  const url = new URL('neurite-worker.js', `file://${createRequire(import.meta.url).resolve('@neurite/core')}`);
  const worker = new Worker(url);
  const waiting = new Map();
  worker.on('message', (r) => waiting.get(r.id)?.(r));
  let next = 1;
  const request = (m, transfer = []) => new Promise((resolve, reject) => {
    const id = next++;
    waiting.set(id, (r) => (r.ok ? resolve(r.result) : reject(new Error(r.error.message))));
    worker.postMessage({ ...m, id }, transfer);
  });
  await request({ kind: 'init', backend: 'wasm', modules: [] });
  worker.postMessage({ kind: 'load', model: 1, artifacts: await model.save('memory') });
  return {
    predict: (x) => request({ kind: 'predict', model: 1, backend: 'wasm', x: { data: x.data.slice(), shape: x.shape, dtype: x.dtype }, pieces: [x.shape[0]] }),
    terminate: () => worker.terminate(),
  };
}

function rows(t, start, end) {
  const row = t.size / t.shape[0];
  return tensor(t.data.slice(start * row, end * row), [end - start, ...t.shape.slice(1)], t.dtype);
}

/**
 * Runs the closures in turns (one, two, one, two, …) and returns each one's median wall time,
 * median process CPU time (all threads: it barely depends on machine load, so its ratio shows the
 * pool's overhead even when wall times are noisy) and, per round, its wall time's ratio to the
 * first closure's in that round (the speed-up; a round's runs are seconds apart at most, so drift
 * of the machine's speed mostly cancels in it).
 */
async function interleaved(runs) {
  const wall = runs.map(() => []);
  const cpu = runs.map(() => []);
  for (let w = 0; w < timing.warmup; w++) for (const run of runs) await run();
  const start = performance.now();
  for (let r = 0; r < timing.repeats; r++) {
    for (let i = 0; i < runs.length; i++) {
      const c = process.cpuUsage();
      const t = performance.now();
      // A run in another process answers its own times (the pipe's latency is not the call's).
      const own = await runs[i]();
      const d = process.cpuUsage(c);
      wall[i].push(own?.wall ?? performance.now() - t);
      cpu[i].push(own?.cpu ?? (d.user + d.system) / 1000);
    }
    if (performance.now() - start > (timing.budgetMs ?? Infinity) && r + 1 >= timing.minRepeats) break;
  }
  return runs.map((_, i) => ({ wall: median(wall[i]), cpu: median(cpu[i]), speedUp: median(wall[0].map((w, r) => w / wall[i][r])), rounds: wall[i].length }));
}

/**
 * How many cores this process can get right now: two plain worker threads spin for 300 ms at once;
 * their CPU time over the wall time is 2.0 on an idle 2-core machine and ~1.0 when other jobs hold
 * a core. A speed-up above this figure cannot be measured.
 */
async function effectiveCores() {
  const src = `require('node:worker_threads').parentPort.on('message', (ms) => { const t = performance.now(); let x = 0; while (performance.now() - t < ms) x += Math.sqrt(x + 1); require('node:worker_threads').parentPort.postMessage(x); });`;
  const workers = [0, 1].map(() => new Worker(src, { eval: true }));
  const spin = (ms) => Promise.all(workers.map((w) => new Promise((done) => { w.once('message', done); w.postMessage(ms); })));
  await spin(20);
  const c = process.cpuUsage();
  const t = performance.now();
  await spin(300);
  const d = process.cpuUsage(c);
  const wall = performance.now() - t;
  await Promise.all(workers.map((w) => w.terminate()));
  return (d.user + d.system) / 1000 / wall;
}

/** CPU ms used so far by each thread of this process (Linux /proc; null elsewhere). 10 ms ticks. */
function threadCpu() {
  if (!existsSync('/proc/self/task')) return null;
  const times = new Map();
  for (const tid of readdirSync('/proc/self/task')) {
    try {
      const fields = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8').split(') ')[1].split(' ');
      times.set(tid, (Number(fields[11]) + Number(fields[12])) * 10); // utime + stime, in 1/100 s
    } catch {
      // the thread ended meanwhile
    }
  }
  return times;
}

/**
 * Per-thread CPU time of `k` runs: the calling thread's, and the two busiest other threads' (the
 * pool's workers). On an idle machine the calling thread's work and the slower worker's do not
 * overlap much, so their sum models the wall time without other jobs in the way.
 */
async function perThread(run, k) {
  const before = threadCpu();
  if (before === null) return null;
  for (let i = 0; i < k; i++) await run();
  const after = threadCpu();
  const main = String(process.pid);
  const delta = (tid) => (after.get(tid) ?? 0) - (before.get(tid) ?? 0);
  const others = [...after.keys()].filter((t) => t !== main).map(delta).sort((a, b) => b - a);
  return { main: delta(main) / k, worker: (others[0] ?? 0) / k };
}

const coresBefore = await effectiveCores();
console.log(`effective cores available: ${coresBefore.toFixed(2)}`);
const pool = await createWorkerPool({ threads: 2 });
if (!pool.usesWorkers) throw new Error(`no workers: ${pool.fallbackReason}`);
const results = [];
for (const c of cases.filter((k) => only === null || k.work.includes(only))) {
  const { x, y } = c.input();
  const n = x.shape[0];
  const single = await singleProcess(cases.indexOf(c));
  const pooled = c.build();
  const runs = [single.run, c.op === 'predict' ? () => pool.predict(pooled, x, { batchSize: n }) : () => pool.trainOnBatch(pooled, x, y)];
  let shared;
  if (c.op === 'predict') {
    // Its own instance: this thread predicts half the batch with it.
    const model = c.build();
    const raw = await rawWorker(model);
    const half = Math.ceil(n / 2);
    const [xa, xb] = [rows(x, 0, half), rows(x, half, n)];
    runs.push(async () => {
      const theirs = raw.predict(xa);
      model.predict(xb, { batchSize: n - half });
      await theirs;
    });
    shared = raw;
  }
  const [one, two, callerShare] = await interleaved(runs);
  await shared?.terminate();
  // Enough runs for about 2 s of CPU, so the 10 ms ticks do not matter.
  const k = quick ? 1 : Math.min(30, Math.max(3, Math.ceil(2000 / one.cpu)));
  const singleThread = await single.threadCpu(k);
  single.end();
  const pooledThreads = await perThread(runs[1], k);
  const modelled = singleThread !== null && pooledThreads ? { one: singleThread, two: pooledThreads.main + pooledThreads.worker, main: pooledThreads.main, worker: pooledThreads.worker } : null;
  results.push({ work: c.work, rounds: one.rounds, one: one.wall, two: two.wall, speedUp: two.speedUp, callerShare: callerShare?.wall, callerSpeedUp: callerShare?.speedUp, cpuOne: one.cpu, cpuTwo: two.cpu, modelled });
  if (modelled) console.log(`  per-thread CPU: 1 thread ${formatMs(modelled.one)}; pool: calling thread ${formatMs(modelled.main)} + busiest worker ${formatMs(modelled.worker)} → modelled ${(modelled.one / modelled.two).toFixed(2)}×`);
  console.log(
    `${c.work} (${one.rounds} rounds): 1 thread ${formatMs(one.wall)}, 2 workers ${formatMs(two.wall)} (${two.speedUp.toFixed(2)}×)` +
      (callerShare ? `, 1 worker + caller ${formatMs(callerShare.wall)} (${callerShare.speedUp.toFixed(2)}×)` : '') +
      `; CPU time 1 thread ${formatMs(one.cpu)}, 2 workers ${formatMs(two.cpu)} (${(two.cpu / one.cpu).toFixed(2)}×)`,
  );
}
await pool.terminate();
const coresAfter = await effectiveCores();
console.log(`effective cores available: ${coresAfter.toFixed(2)}`);

const speed = (a, b) => (b === undefined ? '—' : `${(a / b).toFixed(2)}×`);
const times = (x) => (x === undefined ? '—' : `${x.toFixed(2)}×`);
const lines = [
  `Measured ${new Date().toISOString().slice(0, 10)} with \`node bench/threads.bench.mjs${quick ? ' --quick' : ''}\` (Node ${process.version}, ${availableParallelism()} logical cores, ` +
    `${quick ? 'one run each' : `${timing.minRepeats}–${timing.repeats} alternating rounds per case (as many as fit in ${timing.budgetMs / 1000} s) after ${timing.warmup} warm-up; times are medians, a speed-up is the median of the rounds' ratios`}). ` +
    (Math.min(coresBefore, coresAfter) >= 1.8
      ? 'The shared machine was nearly idle during this run (see the effective cores below); runs on it still vary by 10–20%.'
      : 'The machine was shared with other jobs while measuring: treat the wall times as noisy and see the per-thread model below.'),
  '',
  `Effective cores available to this process (two spinning threads' CPU time ÷ wall time; 2.00 on an idle 2-core machine): ${coresBefore.toFixed(2)} before the cases, ${coresAfter.toFixed(2)} after. A 2-thread speed-up cannot exceed it.`,
  '',
  '### Wall time (measured; limited by the effective cores above)',
  '',
  '| work | rounds | 1 thread | 2 workers (pool) | speed-up | 1 worker + calling thread | speed-up | CPU time, 2 workers ÷ 1 thread |',
  '| --- | ---: | --- | --- | --- | --- | --- | --- |',
  ...results.map((r) => `| ${r.work} | ${r.rounds} | ${formatMs(r.one)} | ${formatMs(r.two)} | ${times(r.speedUp)} | ${formatMs(r.callerShare)} | ${times(r.callerSpeedUp)} | ${(r.cpuTwo / r.cpuOne).toFixed(2)} |`),
  '',
  '"1 worker + calling thread" is the design the pool did not take, emulated: the raw worker protocol for one half and `model.predict` on this thread for the other, without the pool\'s bookkeeping (weight comparison, batch pieces).',
  '',
  '### Modelled from per-thread CPU time (what an idle 2-core machine would show, approximately)',
  '',
  'Per run: the single thread\'s CPU time, and for the pool the calling thread\'s CPU time plus the busier worker\'s (/proc/self/task). ' +
    'The calling thread posts its requests before the workers start, so the sum slightly overstates the pool\'s time.',
  '',
  '| work | 1 thread | pool: calling thread + busier worker | modelled speed-up |',
  '| --- | --- | --- | --- |',
  ...results.map((r) => (r.modelled ? `| ${r.work} | ${formatMs(r.modelled.one)} | ${formatMs(r.modelled.main)} + ${formatMs(r.modelled.worker)} = ${formatMs(r.modelled.two)} | ${speed(r.modelled.one, r.modelled.two)} |` : `| ${r.work} | — | — | — |`)),
  '',
  'CPU time is the whole process (every thread), median per run: its ratio is the work the pool adds (copies, gradient sum, weight broadcast); on an idle 2-core machine the speed-up approaches 2 ÷ that ratio at best.',
  '',
];
if (only !== null || quick) process.exit(0);
mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
writeFileSync(new URL('./results/threads.md', import.meta.url), lines.join('\n'));
console.log(lines.join('\n'));
