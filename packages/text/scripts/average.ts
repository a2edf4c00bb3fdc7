/**
 * Averages the weights of several checkpoints of one run (as stochastic weight averaging does
 * along a trajectory) into a new checkpoint, and scores every input and the average on the
 * validation splits so the choice stays a validation-set choice.
 *
 *   npx tsx scripts/average.ts --run /tmp/neurite-sentiment --epochs 2,3,4 --out /tmp/neurite-sentiment/avg-2-4
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadModel, tensor, type Sequential } from '@neurite/core';
import { Tokenizer } from '@neurite/tokenizer';
import { encodeTexts } from '../src/encode.js';
import { normalizeText } from '../src/preprocess.js';
import { DATASETS, split } from './lib/data.js';
import { scoreSplit } from './lib/metrics.js';
import { averageCheckpoints } from './lib/soup.js';

const { values: args } = parseArgs({ options: { run: { type: 'string' }, epochs: { type: 'string' }, out: { type: 'string' } } });
const run = args.run!;
// Entries are epoch numbers of --run, or checkpoint directories (same architecture and tokenizer).
const epochs = args.epochs!.split(',').map((e) => e.trim()).map((e) => (e.includes('/') ? e : e.padStart(2, '0')));
const config = JSON.parse(readFileSync(join(run, 'text-config.json'), 'utf8')) as { maxlen: number };
const tok = Tokenizer.fromJSON(readFileSync(join(run, 'tokenizer.json'), 'utf8'));
const val = DATASETS.map((d) => {
  const examples = split(d, 'val');
  const { ids } = encodeTexts(tok, examples.map((e) => normalizeText(e.text)), config.maxlen, 'pre');
  return { d, examples, x: tensor(ids, [examples.length, config.maxlen], 'int32') };
});

async function report(name: string, model: Sequential): Promise<void> {
  const accs = val.map(({ d, examples, x }) => [d, scoreSplit(model, x, examples, d === 'rt_polarity_binary').accuracy] as const);
  const mean = accs.reduce((s, [, a]) => s + a, 0) / accs.length;
  console.log(`${name}: ${accs.map(([d, a]) => `${d} ${(100 * a).toFixed(2)}%`).join(', ')}; mean ${(100 * mean).toFixed(2)}%`);
}

const dirs = epochs.map((e) => (e.includes('/') ? e : join(run, `epoch-${e}`)));
for (let i = 0; i < dirs.length; i++) await report(`epoch ${epochs[i]}`, await loadModel(join(dirs[i], 'model.json')));
const averaged = await averageCheckpoints(dirs);
await report(`average of epochs ${epochs.join(',')}`, averaged);
if (args.out) {
  await averaged.save(args.out);
  console.log(`saved ${args.out}`);
}
