// Training steps against PyTorch on one thread, round by round: each round runs Neurite and
// PyTorch in fresh processes one right after the other (the order alternates between rounds), and
// its ratio compares the two medians of that round. seed-models.bench.mjs times each system minutes
// apart, and this VM's speed drifts over minutes (its single LSTM-training ratio of one build read
// 0.97–1.07× in three sweeps), so the per-round ratios are the steadier comparison.
//
//   node bench/train-rounds.bench.mjs [--rounds 12] [--cases lstm-train-64,cnn-train-32] [--quick]
//
// Writes bench/results/train-rounds.md (`--quick`: one round of one run per process, writes
// nothing; CI checks that the benchmark runs). A ratio above 1 means Neurite's step is the faster.
import { mkdirSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { cases } from './cases.mjs';
import { childPeers, neuritePeer, runChildPeer } from './peers.mjs';
import { formatMs, median } from './timing.mjs';

const { values: args } = parseArgs({ options: { quick: { type: 'boolean', default: false }, rounds: { type: 'string', default: '12' }, cases: { type: 'string', default: 'lstm-train-64,cnn-train-32' } } });
const { quick } = args;
const rounds = quick ? 1 : Number(args.rounds);
if (!(Number.isInteger(rounds) && rounds >= 1)) throw new Error(`--rounds must be a whole number ≥ 1, got ${args.rounds}`);
const ids = args.cases.split(',');
for (const id of ids) {
  if (!cases.some((c) => c.id === id && c.op === 'trainStep')) throw new Error(`--cases: ${id} is not a training case of cases.mjs`);
}
// Timed steps per process: about 1.5–4 s of them for either model.
const REPEATS = { 'lstm-train-64': 40, 'cnn-train-32': 7 };
const torch = childPeers.find((p) => p.key === 'torch');

const missing = (await torch.start()).skipped;
if (missing) {
  console.log(`PyTorch is not installed here, nothing to compare: ${missing}`);
  process.exit(0);
}

const lines = [];
for (const id of ids) {
  const work = cases.find((c) => c.id === id).work;
  const args = ['--only', id, '--repeats', String(REPEATS[id])];
  const ratios = [];
  const table = [`| round | first | Neurite | PyTorch | ratio |`, `| --- | --- | --- | --- | --- |`];
  for (let r = 0; r < rounds; r++) {
    const order = r % 2 === 0 ? [neuritePeer, torch] : [torch, neuritePeer];
    const ms = {};
    for (const peer of order) {
      const result = await runChildPeer(peer, { quick, args });
      if (result.skipped || result.failed || result.rows[id].error) {
        throw new Error(`${peer.label}, ${id}: ${result.skipped ?? result.failed ?? result.rows[id].error}`);
      }
      ms[peer.key] = result.rows[id].ms;
    }
    const ratio = ms.torch / ms.neurite;
    ratios.push(ratio);
    table.push(`| ${r + 1} | ${order[0].label} | ${formatMs(ms.neurite)} | ${formatMs(ms.torch)} | ${ratio.toFixed(3)} |`);
    console.log(`${id} round ${r + 1}: Neurite ${formatMs(ms.neurite)}, PyTorch ${formatMs(ms.torch)}, ratio ${ratio.toFixed(3)}`);
  }
  const atLeastOne = ratios.filter((v) => v >= 1).length;
  const summary = `${work}: median ratio ${median(ratios).toFixed(3)} (range ${Math.min(...ratios).toFixed(3)}–${Math.max(...ratios).toFixed(3)}), ≥ 1 in ${atLeastOne} of ${rounds} rounds`;
  console.log(summary);
  lines.push(`## ${work}`, '', summary, '', ...table, '');
}

if (!quick) {
  const header = [
    '# Training steps against PyTorch, round by round',
    '',
    `\`node bench/train-rounds.bench.mjs${process.argv.slice(2).length ? ' ' + process.argv.slice(2).join(' ') : ''}\`, ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC.`,
    'Each round: Neurite and PyTorch (one thread) in fresh processes, back to back; each a median of its steps after ≥ 1 s of warm-up. Ratio = PyTorch ms / Neurite ms.',
    '',
  ];
  mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
  writeFileSync(new URL('./results/train-rounds.md', import.meta.url), [...header, ...lines].join('\n'));
}
