#!/usr/bin/env node
// Benchmark: @neurite/text analyzeSentiment vs the `sentiment` (AFINN-165) and `vader-sentiment`
// npm packages: accuracy and texts/s on the held-out test splits.
//
//   npx pnpm@9.15.9 --filter @neurite/text build && node bench/sentiment.bench.mjs [--ratings DIR]
//
// Data: $NEURITE_DATA or ../shared/data relative to the repo root.
// 3-class splits: AFINN score > 0 positive, < 0 negative, 0 neutral; VADER compound ≥ 0.05
// positive, ≤ −0.05 negative, else neutral (the VADER authors' thresholds); Neurite: argmax.
// rt_polarity_binary (positive vs negative only): AFINN score ≥ 0 and VADER compound ≥ 0 count as
// positive; Neurite: the larger of its positive and negative scores.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadSentimentAnalyzer } from '../packages/text/dist/index.js';

const require = createRequire(import.meta.url);
const Sentiment = require('sentiment');
const vader = require('vader-sentiment');

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const dataRoot = process.env.NEURITE_DATA ?? resolve(repoRoot, '../shared/data');
// [name, positive-vs-negative only, file]. The last six are hand-written out-of-domain samples
// (product reviews, news, general social posts; see packages/text/scripts/data/README.md):
// ood-test, ood-test-2 and ood-test-3 (n=207 each, by three writers) are the out-of-domain test
// sets, never used for any choice; ood-dev-2 (n=300,
// the first out-of-domain test set, looked at once and then moved to dev), ood-dev (n=120) and
// ood-sample (n=56, the earlier sample) were used to choose the combiner weights.
const oodDir = join(repoRoot, 'packages', 'text', 'scripts', 'data');
const SPLITS = [
  ['airline', false, join(dataRoot, 'sentiment', 'airline', 'test.jsonl')],
  ['tweet_sentiment_extraction', false, join(dataRoot, 'sentiment', 'tweet_sentiment_extraction', 'test.jsonl')],
  ['rt_polarity_binary', true, join(dataRoot, 'sentiment', 'rt_polarity_binary', 'test.jsonl')],
  ['ood-test (hand-written)', false, join(oodDir, 'ood-test.jsonl')],
  ['ood-test-2 (hand-written)', false, join(oodDir, 'ood-test-2.jsonl')],
  ['ood-test-3 (hand-written)', false, join(oodDir, 'ood-test-3.jsonl')],
  ['ood-dev-2 (hand-written, selection)', false, join(oodDir, 'ood-dev-2.jsonl')],
  ['ood-dev (hand-written, selection)', false, join(oodDir, 'ood-dev.jsonl')],
  ['ood-sample (hand-written, selection)', false, join(oodDir, 'ood-sample.jsonl')],
];
// `--ratings DIR` (packages/text/scripts/vader-ratings.ts output) adds the test splits of the
// human-rated sentences of Hutto & Gilbert (2014): NYT editorials, Amazon reviews, tweets.
// VADER's own paper evaluated it on these sentences, so it plays at home there.
const ratingsDir = process.argv.includes('--ratings') ? process.argv[process.argv.indexOf('--ratings') + 1] : null;
if (ratingsDir) for (const d of ['news', 'reviews', 'tweets']) SPLITS.push([`rated ${d} (Hutto & Gilbert 2014)`, false, join(ratingsDir, d, 'test.jsonl')]);

function readSplit(file) {
  if (!existsSync(file)) throw new Error(`missing ${file}; set NEURITE_DATA`);
  return readFileSync(file, 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l));
}

const afinn = new Sentiment();
const neurite = await loadSentimentAnalyzer();

const systems = {
  neurite: {
    run: (texts) => neurite.analyze(texts),
    label: (r, binary) => (binary ? (r.scores.positive > r.scores.negative ? 'positive' : 'negative') : r.label),
  },
  'sentiment (AFINN)': {
    run: (texts) => texts.map((t) => afinn.analyze(t).score),
    label: (s, binary) => (binary ? (s >= 0 ? 'positive' : 'negative') : s > 0 ? 'positive' : s < 0 ? 'negative' : 'neutral'),
  },
  'vader-sentiment': {
    run: (texts) => texts.map((t) => vader.SentimentIntensityAnalyzer.polarity_scores(t).compound),
    label: (c, binary) => (binary ? (c >= 0 ? 'positive' : 'negative') : c >= 0.05 ? 'positive' : c <= -0.05 ? 'negative' : 'neutral'),
  },
};

console.log('| test split | system | accuracy | texts/s |');
console.log('| --- | --- | ---: | ---: |');
for (const [name, binary, file] of SPLITS) {
  const rows = readSplit(file);
  const texts = rows.map((r) => r.text);
  for (const [system, s] of Object.entries(systems)) {
    s.run(texts.slice(0, 50)); // warm-up
    const t0 = performance.now();
    const out = s.run(texts);
    const seconds = (performance.now() - t0) / 1000;
    let correct = 0;
    const byDomain = new Map();
    for (let i = 0; i < rows.length; i++) {
      const ok = s.label(out[i], binary) === rows[i].label;
      if (ok) correct++;
      if (rows[i].domain === undefined) continue;
      const d = byDomain.get(rows[i].domain) ?? { n: 0, correct: 0 };
      d.n++;
      if (ok) d.correct++;
      byDomain.set(rows[i].domain, d);
    }
    const acc = ((100 * correct) / rows.length).toFixed(1);
    const domains = [...byDomain].map(([d, { n, correct: c }]) => `${d} ${((100 * c) / n).toFixed(1)}% (n=${n})`).join(', ');
    console.log(`| ${name}${binary ? ' (pos/neg)' : ''} (n=${rows.length}) | ${system} | ${acc}%${domains ? ` — ${domains}` : ''} | ${(rows.length / seconds).toFixed(0)} |`);
  }
}
