// One thread against kernel threads (`enableThreads()` from @neurite/kernels: the shared-memory
// build, the LSTM kernels split across the calling thread and one helper) on the seed LSTM's
// training step, batch 64. Each side runs in a process of its own (threads are per process),
// alternating, and a speed-up is the median of the rounds' ratios.
//
//   node bench/kernel-threads.bench.mjs [--quick]
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

const { values: args } = parseArgs({ options: { quick: { type: 'boolean', default: false }, side: { type: 'string' } } });

if (args.side) {
  // A child: time `steps` training steps on one side and print the median.
  const { enableThreads } = await import('@neurite/kernels');
  const { tensor } = await import('@neurite/core');
  const { neuriteSeedLstm } = await import('./neurite-models.mjs');
  const status = args.side === 'threads' ? await enableThreads() : { threads: 1, reason: null };
  const data = new Int32Array(64 * 100);
  for (let i = 0; i < data.length; i++) data[i] = ((i * 2654435761) >>> 0) % 10000;
  const x = tensor(data, [64, 100], 'int32');
  const y = tensor(Float32Array.from({ length: 64 }, (_, i) => i % 2), [64, 1]);
  const model = neuriteSeedLstm();
  const steps = args.quick ? 2 : 40;
  for (let i = 0; i < (args.quick ? 1 : 5); i++) model.trainOnBatch(x, y);
  const ms = [];
  for (let i = 0; i < steps; i++) {
    const start = performance.now();
    model.trainOnBatch(x, y);
    ms.push(performance.now() - start);
  }
  ms.sort((a, b) => a - b);
  console.log(JSON.stringify({ ms: ms[steps >> 1], status }));
  process.exit(0);
}

const side = (name) => {
  const run = spawnSync(process.execPath, [new URL(import.meta.url).pathname, '--side', name, ...(args.quick ? ['--quick'] : [])], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`the ${name} side failed: ${run.stderr}`);
  return JSON.parse(run.stdout.trim().split('\n').at(-1));
};
const rounds = args.quick ? 1 : 5;
const ratios = [];
const lines = [];
for (let r = 0; r < rounds; r++) {
  const one = side('single');
  const two = side('threads');
  if (two.status.threads !== 2) {
    console.log(`kernel threads are off: ${two.status.reason}`);
    process.exit(0);
  }
  ratios.push(one.ms / two.ms);
  lines.push(`| ${r + 1} | ${one.ms.toFixed(2)} ms | ${two.ms.toFixed(2)} ms | ${(one.ms / two.ms).toFixed(2)}× |`);
  console.log(`seed LSTM train step, batch 64: 1 thread ${one.ms.toFixed(2)} ms, kernel threads ${two.ms.toFixed(2)} ms (${(one.ms / two.ms).toFixed(2)}×)`);
}
ratios.sort((a, b) => a - b);
console.log(`median speed-up over ${rounds} alternating rounds: ${ratios[rounds >> 1].toFixed(2)}×`);
if (!args.quick) {
  const header = `Measured ${new Date().toISOString().slice(0, 10)} with \`node bench/kernel-threads.bench.mjs\` (Node ${process.version}): the seed LSTM's training step at batch 64 (median of 40 steps after 5), in a process with one thread and one with kernel threads (\`enableThreads()\`), alternating. Median speed-up: **${ratios[rounds >> 1].toFixed(2)}×**.`;
  mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
  writeFileSync(new URL('./results/kernel-threads.md', import.meta.url), [header, '', '| round | 1 thread | kernel threads | speed-up |', '| ---: | ---: | ---: | ---: |', ...lines, ''].join('\n'));
}
