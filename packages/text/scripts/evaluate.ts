/**
 * Accuracy, macro-F1 and a confusion matrix for any JSONL file of {text, label}
 * (labels negative/neutral/positive, any case).
 *
 *   npx tsx scripts/evaluate.ts FILE.jsonl [FILE2.jsonl ...] [--checkpoint DIR [--tokenizer FILE] [--config text-config.json]] [--json]
 *   (a checkpoint's tokenizer.json and text-config.json default to its parent directory's)
 *
 * Default model: the shipped one. A file without neutral labels (e.g. rt_polarity_binary) is also
 * scored positive-vs-negative only (the larger of the two scores wins).
 */
import { readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadSentimentAnalyzer, type SentimentAnalyzer } from '../src/index.js';
import { readJsonl } from './lib/data.js';
import { argmaxLabels, formatScores, score } from './lib/metrics.js';
import { LABELS } from '../src/labels.js';
import { transformerCustomLayers } from './lib/transformer.js';

const { values: args, positionals: files } = parseArgs({
  allowPositionals: true,
  options: { checkpoint: { type: 'string' }, tokenizer: { type: 'string' }, config: { type: 'string' }, json: { type: 'boolean', default: false } },
});
if (files.length === 0) {
  console.error('usage: evaluate FILE.jsonl [...] [--checkpoint DIR [--tokenizer tokenizer.json]] [--json]');
  process.exit(2);
}

async function analyzer(): Promise<SentimentAnalyzer> {
  if (!args.checkpoint) return loadSentimentAnalyzer();
  const tokenizerPath = args.tokenizer ?? join(dirname(args.checkpoint), 'tokenizer.json');
  const config = JSON.parse(readFileSync(args.config ?? join(dirname(args.checkpoint), 'text-config.json'), 'utf8')) as { labels: (typeof LABELS)[number][]; maxlen: number };
  // The Transformer comparison's custom layers are registered so its checkpoints load too.
  return loadSentimentAnalyzer({ model: join(args.checkpoint, 'model.json'), tokenizer: readFileSync(tokenizerPath, 'utf8'), labels: config.labels, maxlen: config.maxlen, preprocess: 'neurite', loadOptions: { customLayers: transformerCustomLayers } });
}

const a = await analyzer();
const report: Record<string, unknown> = {};
for (const file of files) {
  const examples = readJsonl(file);
  const t0 = performance.now();
  const results = a.analyze(examples.map((e) => e.text));
  const seconds = (performance.now() - t0) / 1000;
  const gold = examples.map((e) => e.label);
  const three = score(gold, results.map((r) => r.label), false);
  const name = `${basename(dirname(file))}/${basename(file)}`;
  const lines = [formatScores(`${name} (3-class)`, three)];
  const entry: Record<string, unknown> = { n: examples.length, accuracy: three.accuracy, macroF1: three.macroF1, confusion: three.confusion, textsPerSecond: examples.length / seconds };
  if (!gold.includes('neutral')) {
    const probs = results.flatMap((r) => [r.scores.negative, r.scores.neutral, r.scores.positive]);
    const binary = score(gold, argmaxLabels(probs, results.length, true), true);
    lines.push(formatScores(`${name} (positive vs negative only)`, binary));
    entry.binary = { accuracy: binary.accuracy, macroF1: binary.macroF1, confusion: binary.confusion };
  }
  lines.push(`  ${(examples.length / seconds).toFixed(0)} texts/s (${seconds.toFixed(2)} s)`);
  report[name] = entry;
  if (!args.json) console.log(lines.join('\n'));
}
if (args.json) console.log(JSON.stringify(report, null, 2));
