/**
 * Accuracy, macro-F1 and a confusion matrix for any JSONL file of {text, label}
 * (labels negative/neutral/positive, any case; an optional `domain` field adds per-domain accuracy).
 *
 *   npx tsx scripts/evaluate.ts FILE.jsonl [FILE2.jsonl ...] [--baselines] [--json]
 *       [--checkpoint DIR [--tokenizer FILE] [--config text-config.json] | --combiner combiner.json]
 *
 * Default model: the shipped one. --checkpoint: one training checkpoint (its tokenizer.json and
 * text-config.json default to its parent directory's). --combiner: the members and combiner
 * written by scripts/combine.ts, before export.
 * --baselines: also scores the lexicon analysers on the same file: `vader-sentiment` (compound
 * ≥ 0.05 positive, ≤ −0.05 negative, else neutral — the VADER authors' thresholds) and this
 * package's own rule scorer (src/lexicon.ts, same thresholds). The AFINN `sentiment` package is
 * compared in bench/sentiment.bench.mjs.
 * A file without neutral labels (e.g. rt_polarity_binary) is also scored positive-vs-negative only
 * (the larger of the two scores wins; for lexicons compound ≥ 0 is positive).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadModel, type Sequential } from '@neurite/core';
import { Tokenizer } from '@neurite/tokenizer';
import { loadSentimentAnalyzer, normalizeText, SentimentAnalyzer, TOKENIZER_FILTERS, type SentimentLabel } from '../src/index.js';
import { scoreLexicon } from '../src/lexicon.js';
import { oovIndexOf } from '../src/shipped.js';
import type { CombinerConfig } from '../src/combiner.js';
import { readJsonl } from './lib/data.js';
import { argmaxLabels, formatScores, score } from './lib/metrics.js';
import { LABELS } from '../src/labels.js';
import { transformerCustomLayers } from './lib/transformer.js';

const { values: args, positionals: files } = parseArgs({
  allowPositionals: true,
  options: { checkpoint: { type: 'string' }, tokenizer: { type: 'string' }, config: { type: 'string' }, combiner: { type: 'string' }, baselines: { type: 'boolean', default: false }, json: { type: 'boolean', default: false } },
});
if (files.length === 0) {
  console.error('usage: evaluate FILE.jsonl [...] [--checkpoint DIR [--tokenizer tokenizer.json] | --combiner combiner.json] [--baselines] [--json]');
  process.exit(2);
}

async function analyzer(): Promise<SentimentAnalyzer> {
  if (args.combiner) {
    const c = JSON.parse(readFileSync(args.combiner, 'utf8')) as { members: string[]; run: string; config: CombinerConfig };
    const { maxlen } = JSON.parse(readFileSync(join(c.run, 'text-config.json'), 'utf8')) as { maxlen: number };
    const tokenizer = Tokenizer.fromJSON(readFileSync(join(c.run, 'tokenizer.json'), 'utf8'));
    const members: Sequential[] = [];
    for (const d of c.members) members.push(await loadModel(join(d, 'model.json')));
    return new SentimentAnalyzer({ model: members[0], tokenizer, labels: [...LABELS], maxlen, truncating: 'pre', preprocess: normalizeText, oovIndex: oovIndexOf(tokenizer), ensemble: { members, combiner: c.config } });
  }
  if (!args.checkpoint) return loadSentimentAnalyzer();
  const tokenizerPath = args.tokenizer ?? join(dirname(args.checkpoint), 'tokenizer.json');
  const config = JSON.parse(readFileSync(args.config ?? join(dirname(args.checkpoint), 'text-config.json'), 'utf8')) as { labels: (typeof LABELS)[number][]; maxlen: number };
  // The Transformer comparison's custom layers are registered so its checkpoints load too.
  return loadSentimentAnalyzer({ model: join(args.checkpoint, 'model.json'), tokenizer: readFileSync(tokenizerPath, 'utf8'), labels: config.labels, maxlen: config.maxlen, preprocess: 'neurite', loadOptions: { customLayers: transformerCustomLayers } });
}

const a = await analyzer();
const vader = args.baselines ? (createRequire(import.meta.url)('vader-sentiment') as { SentimentIntensityAnalyzer: { polarity_scores(t: string): { compound: number } } }) : null;
// The shipped tokenizer's word splitting (lowercase, Keras filters minus "!"), for the rule scorer.
const words = new Tokenizer({ filters: TOKENIZER_FILTERS });
const byThreshold = (c: number, binary: boolean): SentimentLabel => (binary ? (c >= 0 ? 'positive' : 'negative') : c >= 0.05 ? 'positive' : c <= -0.05 ? 'negative' : 'neutral');
const pct = (v: number) => `${(100 * v).toFixed(2)}%`;

const report: Record<string, unknown> = {};
for (const file of files) {
  const examples = readJsonl(file);
  const texts = examples.map((e) => e.text);
  const t0 = performance.now();
  const results = a.analyze(texts);
  const seconds = (performance.now() - t0) / 1000;
  const gold = examples.map((e) => e.label);
  const predicted = results.map((r) => r.label);
  const binaryFile = !gold.includes('neutral');
  const binaryPredicted = argmaxLabels(results.flatMap((r) => [r.scores.negative, r.scores.neutral, r.scores.positive]), results.length, true);
  const three = score(gold, predicted, false);
  const name = `${basename(dirname(file))}/${basename(file)}`;
  const lines = [formatScores(`${name} (3-class)`, three)];
  const entry: Record<string, unknown> = { n: examples.length, accuracy: three.accuracy, macroF1: three.macroF1, confusion: three.confusion, textsPerSecond: examples.length / seconds };
  if (binaryFile) {
    const binary = score(gold, binaryPredicted, true);
    lines.push(formatScores(`${name} (positive vs negative only)`, binary));
    entry.binary = { accuracy: binary.accuracy, macroF1: binary.macroF1, confusion: binary.confusion };
  }
  lines.push(`  ${(examples.length / seconds).toFixed(0)} texts/s (${seconds.toFixed(2)} s)`);

  // Systems compared on this file: the model, then (with --baselines) the lexicons.
  const systems: [string, SentimentLabel[]][] = [['neurite', binaryFile ? binaryPredicted : predicted]];
  if (vader) {
    systems.push(['vader-sentiment', texts.map((t) => byThreshold(vader.SentimentIntensityAnalyzer.polarity_scores(t).compound, binaryFile))]);
    systems.push(['own lexicon rules', texts.map((t) => byThreshold(scoreLexicon(words.tokenize(normalizeText(t))).compound, binaryFile))]);
  }
  const domains = [...new Set(examples.map((e) => e.domain).filter((d): d is string => d !== undefined))];
  if (systems.length > 1 || domains.length > 0) {
    const groups: [string, number[]][] = [['all', examples.map((_, i) => i)], ...domains.map((d): [string, number[]] => [d, examples.flatMap((e, i) => (e.domain === d ? [i] : []))])];
    const table: Record<string, Record<string, number>> = {};
    lines.push(`  accuracy${binaryFile ? ' (positive vs negative)' : ''} by system${domains.length > 0 ? ' and domain' : ''}: ${groups.map(([g, idx]) => `${g} (n=${idx.length})`).join(', ')}`);
    for (const [system, labels] of systems) {
      table[system] = Object.fromEntries(groups.map(([g, idx]) => [g, idx.filter((i) => labels[i] === gold[i]).length / idx.length]));
      lines.push(`    ${system.padEnd(18)} ${groups.map(([g]) => pct(table[system][g]).padStart(8)).join(' ')}`);
    }
    entry.bySystem = table;
  }
  report[name] = entry;
  if (!args.json) console.log(lines.join('\n'));
}
if (args.json) console.log(JSON.stringify(report, null, 2));
