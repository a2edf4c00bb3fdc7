// Neurite vs TensorFlow.js on the two tutorial models, in one process, single-threaded:
// predict (batch 1 and 32 / 64) and one Adam training step. Prints medians and ratios and writes
// bench/results/seed-models.md. `--quick` runs each case once (CI checks the benchmark runs).
// tfjs-backend-wasm cannot train these models (no Conv2DBackpropFilter / UnsortedSegmentSum
// kernels), so training is compared with tfjs-backend-cpu. A tfjs-cpu training step takes about
// 20 minutes (CNN) and 11 minutes (LSTM) here, so by default only the LSTM step with a frozen
// embedding runs on tfjs-cpu (labelled so); `--tfjs-cpu-train` runs the full steps.
import { mkdirSync, writeFileSync } from 'node:fs';
import { neuriteRunners, neuriteSeedCnn, neuriteSeedLstm } from './neurite-models.mjs';
import { tfjsRunners, tfjsSeedCnn, tfjsSeedLstm, useTfjsBackend } from './tfjs-models.mjs';
import { formatMs, medianMs, ratio } from './timing.mjs';

const quick = process.argv.includes('--quick');
const cpuFullTrain = process.argv.includes('--tfjs-cpu-train');
const timing = quick ? { warmup: 0, repeats: 1 } : { warmup: 2, repeats: 7 };

function images(batch) {
  const data = new Float32Array(batch * 150 * 150 * 3);
  for (let i = 0; i < data.length; i++) data[i] = ((i * 2654435761) >>> 0) / 4294967296;
  return { x: { data, shape: [batch, 150, 150, 3], dtype: 'float32' }, y: labels(batch) };
}

function sequences(batch) {
  const data = new Int32Array(batch * 100);
  for (let i = 0; i < data.length; i++) data[i] = ((i * 2654435761) >>> 0) % 10000;
  return { x: { data, shape: [batch, 100], dtype: 'int32' }, y: labels(batch) };
}

function labels(batch) {
  const data = new Float32Array(batch);
  for (let i = 0; i < batch; i++) data[i] = i % 2;
  return { data, shape: [batch, 1] };
}

const cases = [
  { work: 'seed CNN predict, batch 1', model: 'cnn', input: () => images(1), op: 'predict' },
  { work: 'seed CNN predict, batch 32', model: 'cnn', input: () => images(32), op: 'predict' },
  { work: 'seed CNN train step, batch 32, Adam', model: 'cnn', input: () => images(32), op: 'trainStep' },
  { work: 'seed LSTM predict, batch 1', model: 'lstm', input: () => sequences(1), op: 'predict' },
  { work: 'seed LSTM predict, batch 64', model: 'lstm', input: () => sequences(64), op: 'predict' },
  { work: 'seed LSTM train step, batch 64, Adam', model: 'lstm', input: () => sequences(64), op: 'trainStep' },
];

const build = {
  neurite: { cnn: neuriteSeedCnn, lstm: neuriteSeedLstm },
  tfjs: { cnn: tfjsSeedCnn, lstm: tfjsSeedLstm },
};

async function time(peer, c, options = {}, runTiming = timing) {
  const { x, y } = c.input();
  const runners = peer === 'neurite' ? neuriteRunners(build.neurite[c.model](), x, y) : tfjsRunners(build.tfjs[c.model](options), x, y);
  try {
    return { ms: await medianMs(runners[c.op], runTiming) };
  } catch (e) {
    return { error: String(e.message ?? e).split('\n')[0].slice(0, 90) };
  }
}

const rows = [];
for (const c of cases) {
  const row = { work: c.work, neurite: await time('neurite', c) };
  rows.push(row);
  console.log(`${c.work}: neurite ${formatMs(row.neurite.ms)}`);
}
await useTfjsBackend('wasm');
for (const [i, c] of cases.entries()) {
  rows[i].wasm = c.op === 'trainStep' ? { error: 'cannot train: missing gradient kernels' } : await time('tfjs', c);
  console.log(`${c.work}: tfjs-wasm ${rows[i].wasm.ms ? formatMs(rows[i].wasm.ms) : rows[i].wasm.error}`);
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
    rows[i].cpu.note = 'embedding frozen';
  } else {
    rows[i].cpu = { error: 'skipped (~20 min a step; --tfjs-cpu-train)' };
  }
  console.log(`${c.work}: tfjs-cpu ${rows[i].cpu.ms ? formatMs(rows[i].cpu.ms) : rows[i].cpu.error}`);
}

const cell = (r) => (r?.ms !== undefined ? formatMs(r.ms) + (r.note ? ` (${r.note})` : '') : r?.error ?? '—');
const lines = [
  `| work | Neurite | tfjs-wasm | Neurite vs tfjs-wasm | tfjs-cpu | Neurite vs tfjs-cpu |`,
  `| --- | --- | --- | --- | --- | --- |`,
  ...rows.map((r) => `| ${r.work} | ${cell(r.neurite)} | ${cell(r.wasm)} | ${ratio(r.neurite.ms, r.wasm?.ms)} | ${cell(r.cpu)} | ${ratio(r.neurite.ms, r.cpu?.ms)} |`),
];
const table = lines.join('\n');
console.log(`\n${table}`);
if (!quick) {
  mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
  const header = `Measured ${new Date().toISOString().slice(0, 10)} with \`node bench/seed-models.bench.mjs\` (Node ${process.version}, one thread, medians of up to 7 runs after 2 warm-ups).\n\n`;
  writeFileSync(new URL('./results/seed-models.md', import.meta.url), header + table + '\n');
}
const failed = rows.filter((r) => r.neurite.error);
if (failed.length) {
  console.error(`Neurite failed: ${failed.map((r) => `${r.work}: ${r.neurite.error}`).join('; ')}`);
  process.exit(1);
}
