// The two shipped models as users call them: classifyImage (@neurite/image) and analyzeSentiment
// (@neurite/text), per-item latency and throughput at batch 1 (one call per item) and batch 64
// (one call with 64 items, one forward pass). Writes bench/results/flagship.md.
//
//   node bench/flagship.bench.mjs [--quick] [--threads]
//
// Inputs: generated 320×240 RGBA pictures (so the figure is preprocessing + model, no decoding);
// JPEG files from cats-dogs/test and tweets from sentiment/airline/test.jsonl when the data is at
// $NEURITE_DATA or ../shared/data (else built-in sentences). The models load before timing (cold
// start is measured per runtime in test/results/cold-start.md). `--quick`: one run each, no file.
// `--threads`: the same with kernel threads (`enableThreads()`), into bench/results/flagship-threads.md.
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { classifyImage } from '@neurite/image';
import { analyzeSentiment } from '@neurite/text';
import { enableThreads } from '@neurite/core';
import { formatMs, measure } from './timing.mjs';

const quick = process.argv.includes('--quick');
const threads = process.argv.includes('--threads');
if (threads) {
  const status = await enableThreads();
  if (status.threads !== 2) throw new Error(`--threads: kernel threads are off here: ${status.reason}`);
}
const BATCH = 64;
const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const dataRoot = process.env.NEURITE_DATA ?? resolve(repoRoot, '../shared/data');

/** A deterministic RGBA picture (gradients and a disc); `seed` varies it. */
function picture(width, height, seed) {
  const data = new Uint8ClampedArray(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 4;
      const disc = (x - width / 2) ** 2 + (y - height / 2) ** 2 < (height / 3) ** 2;
      data[i] = (x * 7 + y * 3 + seed * 31) & 255;
      data[i + 1] = disc ? (200 + seed * 13) & 255 : (x * x + y * 5) & 255;
      data[i + 2] = (255 - x * 6 + seed * 17) & 255;
      data[i + 3] = 255;
    }
  }
  return { width, height, data };
}

function jpegs() {
  const dir = join(dataRoot, 'cats-dogs', 'test');
  if (!existsSync(dir)) return null;
  const files = ['cat', 'dog'].map((c) => readdirSync(join(dir, c)).filter((f) => f.endsWith('.jpg')).sort().map((f) => join(dir, c, f)));
  const picked = [];
  for (let i = 0; picked.length < BATCH && i < Math.max(files[0].length, files[1].length); i++) {
    for (const list of files) if (list[i] && picked.length < BATCH) picked.push(new Uint8Array(readFileSync(list[i])));
  }
  return picked.length === BATCH ? picked : null;
}

const FALLBACK_TEXTS = [
  'I absolutely loved this film, the acting was wonderful!',
  'The worst, most boring meal I have ever had. Never again.',
  'The parcel arrived on Tuesday afternoon.',
  'not bad at all, actually quite good',
  'The flight was delayed three hours and nobody told us anything.',
  'Thanks for the quick reply, the new seat is great.',
  'Is the lounge open before 6am?',
  'Customer service hung up on me twice. Unacceptable.',
];

function texts() {
  const file = join(dataRoot, 'sentiment', 'airline', 'test.jsonl');
  if (!existsSync(file)) return { source: 'built-in sentences', items: Array.from({ length: BATCH }, (_, i) => FALLBACK_TEXTS[i % FALLBACK_TEXTS.length]) };
  const lines = readFileSync(file, 'utf8').split('\n').filter((l) => l.trim()).slice(0, BATCH);
  return { source: 'sentiment/airline/test.jsonl tweets', items: lines.map((l) => JSON.parse(l).text) };
}

const pictures = Array.from({ length: BATCH }, (_, i) => picture(320, 240, i));
const files = jpegs();
const sentences = texts();
const workloads = [
  { call: 'classifyImage', input: '320×240 RGBA pixels', items: pictures, run: (x, n) => classifyImage(x, { batchSize: n }) },
  ...(files ? [{ call: 'classifyImage', input: 'JPEG files, cats-dogs/test (decode included)', items: files, run: (x, n) => classifyImage(x, { batchSize: n }) }] : []),
  { call: 'analyzeSentiment', input: sentences.source, items: sentences.items, run: (x, n) => analyzeSentiment(x, { batchSize: n }) },
];

const rows = [];
for (const w of workloads) {
  await w.run(w.items[0], 1); // loads the shipped model
  // Batch 1: one item per call, cycling through the items; batch 64: all of them in one call, as
  // one forward pass (batchSize 64) and as the call batches them by default (no batchSize).
  for (const [batch, label, batchSize] of [[1, '1', 1], [BATCH, `${BATCH}, one forward pass`, BATCH], [BATCH, `${BATCH}, default batchSize`, undefined]]) {
    let next = 0;
    const call = batch === 1 ? () => w.run(w.items[next++ % w.items.length], 1) : () => w.run(w.items, batchSize);
    const timing = quick ? { warmup: 0, repeats: 1 } : batch === 1 ? { warmup: 4, repeats: 41 } : { warmup: 2, repeats: 9 };
    const { ms, cpuMs } = await measure(call, timing);
    rows.push({ ...w, batch: label, ms, perItem: ms / batch, cpuPerItem: cpuMs / batch, perSecond: (1000 * batch) / ms });
    console.log(`${w.call} (${w.input}), batch ${label}: ${formatMs(ms)} a call`);
  }
}

const table = [
  '| call | input | batch | median per call | per item | items/s | CPU time per item |',
  '| --- | --- | ---: | ---: | ---: | ---: | ---: |',
  ...rows.map((r) => `| ${r.call} | ${r.input} | ${r.batch} | ${formatMs(r.ms)} | ${formatMs(r.perItem)} | ${r.perSecond.toFixed(r.perSecond >= 100 ? 0 : 1)} | ${formatMs(r.cpuPerItem)} |`),
].join('\n');
console.log(`\n${table}`);
if (!quick) {
  const header = [
    `Measured ${new Date().toISOString().slice(0, 10)} with \`node bench/flagship.bench.mjs${threads ? ' --threads' : ''}\` (Node ${process.version}, ${threads ? 'kernel threads: two' : 'one thread'}, models loaded`,
    'before timing; batch 1: median of 41 calls, one item each; batch 64: median of 9 calls with 64 items, as one forward pass',
    'and as the call batches them by default: classifyImage 4 images a forward pass, analyzeSentiment up to 256 texts).',
    `Load average (1 min) ${loadavg()[0].toFixed(2)} on ${cpus().length} shared cores: wall times include waiting for other jobs; the CPU time`,
    '(process user + system) is the work itself. Cold start and peak memory per runtime: test/results/cold-start.md.',
  ].join('\n');
  mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
  writeFileSync(new URL(`./results/flagship${threads ? '-threads' : ''}.md`, import.meta.url), `${header}\n\n${table}\n`);
}
