// Neurite against its peers on the two tutorial models, in one invocation, single-threaded unless a
// column says otherwise: predict (batch 1 and 32 / 64) and one Adam training step. Prints medians
// and ratios and writes bench/results/seed-models.md.
//
//   node bench/seed-models.bench.mjs [--quick] [--tfjs-cpu-train] [--passes 3]
//
// --passes N (default 1) repeats the whole sweep — Neurite, tfjs-wasm, then each child peer — N
// times and reports, per cell, the pass with the median wall time. This machine is a VM whose
// speed drifts by up to a third over minutes; a single sweep times each system in a different
// stretch of it, and two single sweeps a few minutes apart gave ratios 30 % apart.
//
// In this process: Neurite, tfjs-backend-wasm and (training only) tfjs-backend-cpu. In a child
// process each (peers.mjs): onnxruntime-web with 1 and 2 threads, onnxruntime-node, PyTorch. A
// peer that is not installed is skipped with the reason printed under the table (PyTorch is
// optional; the ONNX files come from bench/export-onnx.py, which needs PyTorch once).
// `--quick` runs each case once and writes nothing (CI checks that the benchmark runs).
// tfjs-backend-wasm cannot train these models (no Conv2DBackpropFilter / UnsortedSegmentSum
// kernels), so training is compared with tfjs-backend-cpu. A tfjs-cpu training step takes about
// 20 minutes (CNN) and 11 minutes (LSTM) here, so by default only the LSTM step with a frozen
// embedding runs on tfjs-cpu (labelled so); `--tfjs-cpu-train` runs the full steps.
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { cases, inputFor, timingFor } from './cases.mjs';
import { neuriteRunners, neuriteSeedCnn, neuriteSeedLstm } from './neurite-models.mjs';
import { childPeers, runChildPeer } from './peers.mjs';
import { tfjsRunners, tfjsSeedCnn, tfjsSeedLstm, useTfjsBackend, tf } from './tfjs-models.mjs';
import { formatMs, measure, ratio } from './timing.mjs';

const quick = process.argv.includes('--quick');
const passesAt = process.argv.indexOf('--passes');
const passes = passesAt > 0 ? Number(process.argv[passesAt + 1]) : 1;
if (!(Number.isInteger(passes) && passes >= 1)) throw new Error(`--passes needs a whole number ≥ 1, got ${process.argv[passesAt + 1]}`);
const cpuFullTrain = process.argv.includes('--tfjs-cpu-train');
const timing = timingFor(quick);
const load = [loadavg()[0]];

const build = {
  neurite: { cnn: neuriteSeedCnn, lstm: neuriteSeedLstm },
  tfjs: { cnn: tfjsSeedCnn, lstm: tfjsSeedLstm },
};

// A full garbage collection before each case of this process (Neurite and tfjs alike): the
// previous case's model — tens of MB of weights and, for Neurite, their copies in WASM memory — is
// otherwise freed whenever the collector next runs, which can land inside a later case's timing
// (CNN predict batch 32 read 591–615 ms in every pass of one sweep, ~400 ms when timed alone).
setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc');

async function time(peer, c, options = {}, runTiming = timing) {
  collectGarbage();
  await new Promise((resolve) => setTimeout(resolve, 0)); // lets finalizers free resident copies
  const { x, y } = inputFor(c);
  const runners = peer === 'neurite' ? neuriteRunners(build.neurite[c.model](), x, y) : tfjsRunners(build.tfjs[c.model](options), x, y);
  try {
    return await measure(runners[c.op], runTiming);
  } catch (e) {
    return { error: String(e.message ?? e).split('\n')[0].slice(0, 90) };
  }
}

const show = (r) => (r?.ms !== undefined ? formatMs(r.ms) : r?.error ?? '—');
const rows = cases.map((c) => ({ work: c.work }));
// Per pass, each system's results; merged into `rows` (the median pass per cell) after the loop.
const sweeps = [];
const notRun = [];
const versions = {};
const checks = {};
for (let pass = 0; pass < passes; pass++) {
  if (passes > 1) console.log(`pass ${pass + 1} of ${passes}`);
  const sweep = cases.map((c) => ({ work: c.work }));
  sweeps.push(sweep);
  for (const [i, c] of cases.entries()) {
    sweep[i].neurite = await time('neurite', c);
    console.log(`${c.work}: neurite ${show(sweep[i].neurite)}`);
  }
  await useTfjsBackend('wasm');
  for (const [i, c] of cases.entries()) {
    sweep[i].wasm = c.op === 'trainStep' ? { error: 'cannot train: missing gradient kernels' } : await time('tfjs', c);
    console.log(`${c.work}: tfjs-wasm ${show(sweep[i].wasm)}`);
  }

  // The child peers, one after the other (the cores are shared).
  for (const peer of childPeers) {
    const result = await runChildPeer(peer, { quick });
    if (!result.rows) {
      if (pass === 0) notRun.push(`${peer.label}: ${result.skipped ?? `failed (${result.failed})`}`);
      console.log(`${peer.label}: not run: ${result.skipped ?? result.failed}`);
      continue;
    }
    versions[peer.key] = result.version + (result.blas ? ` (${result.blas})` : '');
    checks[peer.key] = result.check;
    for (const [i, c] of cases.entries()) {
      sweep[i][peer.key] = result.rows[c.id];
      console.log(`${c.work}: ${peer.label} ${show(sweep[i][peer.key])}`);
    }
  }
}
for (const [i, row] of rows.entries()) {
  for (const key of new Set(sweeps.flatMap((sweep) => Object.keys(sweep[i])))) {
    if (key === 'work') continue;
    const timed = sweeps.map((sweep) => sweep[i][key]).filter((r) => r?.ms !== undefined).sort((a, b) => a.ms - b.ms);
    row[key] = timed.length > 0 ? timed[Math.floor((timed.length - 1) / 2)] : sweeps[0][i][key];
  }
}
await useTfjsBackend('cpu');
for (const [i, c] of cases.entries()) {
  if (c.op !== 'trainStep') continue;
  if (quick) {
    rows[i].cpu = { error: 'skipped in --quick' };
  } else if (cpuFullTrain) {
    rows[i].cpu = await time('tfjs', c, {}, { warmup: 0, repeats: 1 });
  } else if (c.model === 'lstm') {
    rows[i].cpu = await time('tfjs', c, { freezeEmbedding: true });
    if (rows[i].cpu.ms !== undefined) rows[i].cpu.note = 'embedding frozen';
  } else {
    rows[i].cpu = { error: 'skipped (~20 min a step; --tfjs-cpu-train)' };
  }
  console.log(`${c.work}: tfjs-cpu ${show(rows[i].cpu)}`);
}

load.push(loadavg()[0]);

// The ONNX files are exports of the PyTorch models with the same weights: same inputs, same outputs.
const mismatches = [];
const reference = checks.torch ?? checks.ortNode;
for (const [key, check] of Object.entries(checks)) {
  for (const model of ['cnn', 'lstm']) {
    const a = check?.[model]?.[0];
    const b = reference?.[model]?.[0];
    if (a !== undefined && b !== undefined && !(Math.abs(a - b) <= 1e-4)) mismatches.push(`${key} ${model}: ${a} vs ${b}`);
  }
}
if (mismatches.length) console.error(`peers disagree on the batch-1 outputs: ${mismatches.join('; ')}`);

const columns = [
  { key: 'wasm', label: 'tfjs-wasm' },
  ...childPeers.map(({ key, label }) => ({ key, label })),
  { key: 'cpu', label: 'tfjs-cpu' },
];
const cell = (r) => (r?.ms !== undefined ? formatMs(r.ms) + (r.note ? ` (${r.note})` : '') : r?.error ?? '—');
const medians = [
  `| work | Neurite | ${columns.map((c) => c.label).join(' | ')} |`,
  `| --- | --- | ${columns.map(() => '---').join(' | ')} |`,
  ...rows.map((r) => `| ${r.work} | ${cell(r.neurite)} | ${columns.map((c) => cell(r[c.key])).join(' | ')} |`),
].join('\n');
const ratios = [
  `| work | ${columns.map((c) => `Neurite vs ${c.label}`).join(' | ')} |`,
  `| --- | ${columns.map(() => '---').join(' | ')} |`,
  ...rows.map((r) => `| ${r.work} | ${columns.map((c) => ratio(r.neurite.ms, r[c.key]?.ms)).join(' | ')} |`),
].join('\n');
// CPU time of the process per run: steadier than wall time while other jobs share the cores; only
// for the one-thread columns (a two-thread run spends more CPU time than wall time).
const oneThread = columns.filter((c) => c.key !== 'ortWeb2');
const cpuRatios = [
  `| work | ${oneThread.map((c) => `Neurite vs ${c.label}`).join(' | ')} |`,
  `| --- | ${oneThread.map(() => '---').join(' | ')} |`,
  ...rows.map((r) => `| ${r.work} | ${oneThread.map((c) => ratio(r.neurite.cpuMs, r[c.key]?.cpuMs)).join(' | ')} |`),
].join('\n');
const notes = [
  ...notRun.map((n) => `- Not run: ${n}.`),
  ...(mismatches.length ? [`- The ONNX and PyTorch outputs disagree: ${mismatches.join('; ')}.`] : []),
].join('\n');
console.log(`\n${medians}\n\n${ratios}\n\nFrom CPU time:\n\n${cpuRatios}\n${notes ? `\n${notes}\n` : ''}`);

if (!quick) {
  const peerVersions = [
    `@tensorflow/tfjs ${tf.version.tfjs}`,
    ...childPeers.filter((p) => versions[p.key]).map((p) => `${p.label}: ${versions[p.key]}`),
  ].join('; ');
  const header = [
    `Measured ${new Date().toISOString().slice(0, 10)} with \`node bench/seed-models.bench.mjs${passes > 1 ? ` --passes ${passes}` : ''}\` (Node ${process.version}; medians of up to`,
    `7 runs after at least 2 warm-up runs and 1 s of them${passes > 1 ? `; the whole sweep ran ${passes} times and each cell is its median pass` : ''}). One thread everywhere except the onnxruntime-web (2 threads) column. Peers: ${peerVersions}.`,
    `Load average (1 min) ${load.map((l) => l.toFixed(2)).join(' at the start, ')} at the end, on ${cpus().length} shared cores: compare ratios, not absolute figures.`,
    'onnxruntime-web runs its WASM SIMD build in Node; the ONNX files are `bench/export-onnx.py` exports of the same',
    'architectures (NCHW), checked in each run to give the same batch-1 outputs as PyTorch (when installed).',
  ].join('\n');
  mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
  const body = [
    header,
    `Median wall time per run:\n\n${medians}`,
    `Ratios of wall times (peer / Neurite; above 1: Neurite is faster):\n\n${ratios}`,
    `Ratios of CPU times (process CPU time per run, user + system; one-thread columns only). While other jobs\nshare the cores these move less than wall times:\n\n${cpuRatios}`,
    ...(notes ? [notes] : []),
  ].join('\n\n') + '\n';
  writeFileSync(new URL('./results/seed-models.md', import.meta.url), body);
}
const failed = rows.filter((r) => r.neurite.error);
if (failed.length) {
  console.error(`Neurite failed: ${failed.map((r) => `${r.work}: ${r.neurite.error}`).join('; ')}`);
  process.exit(1);
}
if (mismatches.length) process.exit(1);
