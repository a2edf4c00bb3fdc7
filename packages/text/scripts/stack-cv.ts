/**
 * Stacking experiment: could a learned final combination of the SHIPPED member networks and the
 * lexicon expert beat the shipped combiner (src/combiner.ts: two lexicon weights chosen on
 * validation data)? Everything is cross-validated on the selection data only: the three val.jsonl
 * splits and the hand-written out-of-domain dev texts (ood-dev, ood-sample, ood-dev-2; 476).
 * No test split is read. Nothing is written: the script prints a table (MODEL_CARD.md, "Stacking").
 *
 *   npx tsx scripts/stack-cv.ts
 *
 * Folds: 5, stratified by set (the i-th row of a set goes to fold (i·7919) mod 5), the same for
 * every method. Methods:
 * - shipped combiner as shipped (its weights were chosen on all of these rows: in-sample);
 * - the shipped method re-selected inside each fold (grid over the two lexicon weights, best mean
 *   of the four accuracies on the other folds) — the fair, out-of-fold version of it;
 * - multinomial logistic regressions (scripts/lib/softmax-regression.ts) over
 *   A: the members' mean log-probabilities (centred), the lexicon expert's direction and
 *      neutral-versus-polar vote (src/combiner.ts) and the 8 lexicon features (src/lexicon.ts);
 *   B: A + "domain" features meant to let it trust the lexicon more on unfamiliar text: mean
 *      log-id of the tokens (ids are in training-frequency order), share of tokens that are OOV or
 *      seen at most once in training (id ≥ 11006 in the shipped vocabulary), starts with @user
 *      (airline tweets do), contains "!", length, and their products with the lexicon votes and
 *      the member log-probabilities.
 *   Each set has equal total weight in the loss, out-of-domain ×1 or ×2; rt_polarity rows use the
 *   positive-vs-negative conditional loss; L2 0.01.
 */
import { tensor } from '@neurite/core';
import { SHIPPED_MODEL } from '../src/generated/sentiment-model.js';
import { loadShippedParts } from '../src/shipped.js';
import { encodeTexts } from '../src/encode.js';
import { normalizeText } from '../src/preprocess.js';
import { LABELS } from '../src/labels.js';
import { LEXICON_FEATURE_COUNT } from '../src/lexicon.js';
import { combineExperts, lexiconExpert, lexiconFeaturesOfIds } from '../src/combiner.js';
import { DATASETS, readJsonl, split } from './lib/data.js';
import { fitSoftmax, logits, type SoftmaxRow } from './lib/softmax-regression.js';

const FOLDS = 5;
const SETS = ['airline', 'tweet_sentiment_extraction', 'rt_polarity_binary', 'ood-dev'] as const;
const FLOOR = 1e-7;
const lg = (v: number) => Math.log(Math.max(v, FLOOR));

interface Item { set: (typeof SETS)[number]; domain?: string; y: number; ids: number[]; members: number[][]; lexFeatures: number[]; lex: number[] }
const parts = await loadShippedParts(SHIPPED_MODEL);
const { tokenizer, maxlen } = parts;
const { members, combiner } = parts.ensemble!;
const oodDev = ['ood-dev', 'ood-sample', 'ood-dev-2'].flatMap((f) => readJsonl(new URL(`./data/${f}.jsonl`, import.meta.url).pathname));
const items: Item[] = [];
for (const [set, examples] of [...DATASETS.map((d) => [d, split(d, 'val')] as const), ['ood-dev', oodDev] as const]) {
  const enc = encodeTexts(tokenizer, examples.map((e) => normalizeText(e.text)), maxlen, 'pre');
  const n = examples.length;
  const x = tensor(enc.ids, [n, maxlen], 'int32');
  const probs = members.map((m) => m.predict(x, { batchSize: 256 }).data as Float32Array);
  const lf = lexiconFeaturesOfIds(tokenizer, enc.ids, n, maxlen);
  const lex = lexiconExpert(lf, n, combiner.lexiconKernel, combiner.lexiconBias);
  for (let i = 0; i < n; i++) {
    items.push({ set, domain: examples[i].domain, y: LABELS.indexOf(examples[i].label), ids: enc.kept[i], members: probs.map((p) => Array.from(p.subarray(i * 3, i * 3 + 3))), lexFeatures: Array.from(lf.subarray(i * LEXICON_FEATURE_COUNT, (i + 1) * LEXICON_FEATURE_COUNT)), lex: Array.from(lex.subarray(i * 3, i * 3 + 3)) });
  }
}
const counts = Object.fromEntries(SETS.map((s) => [s, items.filter((it) => it.set === s).length]));
const fold: number[] = [];
{
  const seen: Record<string, number> = {};
  for (const it of items) fold.push(((seen[it.set] = (seen[it.set] ?? 0) + 1) * 7919) % FOLDS);
}

/** Accuracy per set (rt: positive vs negative) and per out-of-domain domain, in %. */
function accuracies(z: number[][]): Record<string, number> {
  const hit: Record<string, [number, number]> = {};
  items.forEach((it, i) => {
    const [n, u, p] = z[i];
    const label = it.set === 'rt_polarity_binary' ? (p > n ? 2 : 0) : n >= u && n >= p ? 0 : p > u ? 2 : 1;
    for (const key of [it.set, ...(it.domain ? [`ood:${it.domain}`] : [])]) {
      hit[key] ??= [0, 0];
      hit[key][0] += label === it.y ? 1 : 0;
      hit[key][1]++;
    }
  });
  return Object.fromEntries(Object.entries(hit).map(([k, [a, n]]) => [k, (100 * a) / n]));
}
const meanOf = (a: Record<string, number>) => SETS.reduce((s, k) => s + a[k], 0) / SETS.length;
function show(name: string, a: Record<string, number>): void {
  console.log(`${name.padEnd(46)} ${SETS.map((s) => a[s].toFixed(2).padStart(6)).join(' ')}  ${meanOf(a).toFixed(2).padStart(6)}   ${['review', 'news', 'social'].map((d) => a[`ood:${d}`].toFixed(1)).join(' / ')}`);
}
console.log(`rows: ${SETS.map((s) => `${s} ${counts[s]}`).join(', ')}; ${FOLDS}-fold cross-validation`);
console.log(`${'method'.padEnd(46)} ${['airl', 'tweet', 'rt', 'OOD'].map((s) => s.padStart(6)).join(' ')}    mean   OOD review / news / social`);

const productOfExperts = (d: number, u: number) => items.map((it) => Array.from(combineExperts(it.members, it.lex, 1, combiner.memberWeights, d, u), lg));
show(`shipped (d ${combiner.lexiconDirectionWeight}, u ${combiner.lexiconNeutralityWeight}; in-sample)`, accuracies(productOfExperts(combiner.lexiconDirectionWeight, combiner.lexiconNeutralityWeight)));
show('members only (equal product, no lexicon)', accuracies(productOfExperts(0, 0)));
{
  const grid = (max: number) => Array.from({ length: Math.round(max / 0.05) + 1 }, (_, i) => Number((i * 0.05).toFixed(2)));
  const candidates = grid(0.8).flatMap((d) => grid(1.6).map((u) => ({ d, u, z: productOfExperts(d, u) })));
  // Per candidate, per set and fold: correct predictions and rows (the score of fold k uses the other folds).
  const tallies = candidates.map((c) => {
    const t = SETS.map(() => Array.from({ length: FOLDS }, () => [0, 0]));
    items.forEach((it, i) => {
      const [n, u, p] = c.z[i];
      const label = it.set === 'rt_polarity_binary' ? (p > n ? 2 : 0) : n >= u && n >= p ? 0 : p > u ? 2 : 1;
      const cell = t[SETS.indexOf(it.set)][fold[i]];
      cell[0] += label === it.y ? 1 : 0;
      cell[1]++;
    });
    return t;
  });
  const out: number[][] = new Array(items.length);
  const chosen: string[] = [];
  for (let k = 0; k < FOLDS; k++) {
    const score = (j: number) => tallies[j].reduce((s, perFold) => {
      const [a, n] = perFold.reduce((acc, cell, f) => (f === k ? acc : [acc[0] + cell[0], acc[1] + cell[1]]), [0, 0]);
      return s + a / n;
    }, 0);
    let best = 0;
    for (let j = 1; j < candidates.length; j++) if (score(j) > score(best)) best = j;
    chosen.push(`${candidates[best].d}/${candidates[best].u}`);
    items.forEach((_, i) => {
      if (fold[i] === k) out[i] = candidates[best].z[i];
    });
  }
  show(`shipped method, re-selected per fold`, accuracies(out));
  console.log(`  (lexicon weights d/u chosen per fold: ${chosen.join(', ')})`);
}

const centred = (v: number[]) => {
  const m = (v[0] + v[1] + v[2]) / 3;
  return v.map((x) => x - m);
};
function featuresA(it: Item): number[] {
  const member = centred([0, 1, 2].map((c) => it.members.reduce((s, p) => s + lg(p[c]), 0) / it.members.length));
  const [ln, lu, lp] = it.lex.map(lg);
  return [...member, (lp - ln) / 2, lu - (ln + lp) / 2, ...it.lexFeatures];
}
function featuresB(it: Item): number[] {
  const a = featuresA(it);
  const [direction, neutrality] = [a[3], a[4]];
  const n = it.ids.length;
  const meanLogId = n === 0 ? 0 : it.ids.reduce((s, id) => s + Math.log(id), 0) / n / Math.log(16000);
  const rare = n === 0 ? 0 : it.ids.filter((id) => id === 1 || id >= 11006).length / n;
  const user = it.ids[0] === tokenizer.wordIndex.get('xxuser') ? 1 : 0;
  const bang = it.ids.includes(tokenizer.wordIndex.get('!') ?? -1) ? 1 : 0;
  const gates = [meanLogId, rare, user, bang];
  return [...a, ...gates, Math.log1p(n) / 4, ...gates.flatMap((g) => [g * direction, g * neutrality]), ...[meanLogId, user].flatMap((g) => a.slice(0, 3).map((v) => v * g))];
}
for (const [name, features] of [['A', featuresA], ['B', featuresB]] as const) {
  const X = items.map(features);
  for (const oodWeight of [1, 2]) {
    const out: number[][] = new Array(items.length);
    for (let k = 0; k < FOLDS; k++) {
      const rows: SoftmaxRow[] = [];
      items.forEach((it, i) => {
        if (fold[i] !== k) rows.push({ x: X[i], y: it.y, w: (1000 / counts[it.set]) * (it.set === 'ood-dev' ? oodWeight : 1), binary: it.set === 'rt_polarity_binary' });
      });
      const model = fitSoftmax(rows, X[0].length, 0.01);
      items.forEach((_, i) => {
        if (fold[i] === k) out[i] = logits(X[i], model);
      });
    }
    show(`stacker ${name} (${X[0].length} features), OOD weight ×${oodWeight}`, accuracies(out));
  }
}
