/**
 * Fits the shipped combiner (src/combiner.ts) for a set of member networks:
 * 1. the lexicon expert, a logistic regression over lexicon features, trained with Neurite's fit
 *    on the three training splits (features computed from the padded ids, as at inference);
 * 2. the expert weights, by grid search on VALIDATION data only: the three val splits and the
 *    hand-written out-of-domain dev samples (scripts/data/ood-dev.jsonl, ood-sample.jsonl and
 *    ood-dev-2.jsonl: 476 texts; see scripts/data/README.md). The objective is the mean of the
 *    accuracies (four, plus one per --ood file; rt_polarity scored positive vs negative), averaged over neighbouring grid points to damp selection noise, subject to no
 *    in-domain val accuracy falling more than --max-drop points below the members' own
 *    ensemble (lexicon weights 0): out-of-domain gains may not cost the in-domain targets.
 *
 *   npx tsx scripts/combine.ts --members /tmp/a/soup,/tmp/b/soup[,...] --out /tmp/combiner.json [--run DIR] [--seed 42] [--max-drop 1] [--search-members] [--floors A,T,R] [--corpus FILES] [--ood FILES]
 *
 * --floors A,T,R: in-domain val accuracies (percent) no chosen candidate may fall below.
 * --corpus: the other-source training files the members were trained with (train.ts --corpus);
 *   the lexicon expert is fitted on them too. --ood: more out-of-domain validation files
 *   (e.g. scripts/vader-ratings.ts' val splits), each one more column of the objective.
 *
 * --run: where tokenizer.json and text-config.json are (default: the first member's parent);
 * every member must have been trained with that tokenizer. The test splits are not read.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { adam, layers, loadModel, sequential, setSeed, tensor, type Sequential } from '@neurite/core';
import { Tokenizer } from '@neurite/tokenizer';
import { encodeTexts } from '../src/encode.js';
import { normalizeText } from '../src/preprocess.js';
import { LABELS } from '../src/labels.js';
import { LEXICON_FEATURE_COUNT } from '../src/lexicon.js';
import { combineExperts, lexiconExpert, lexiconFeaturesOfIds, type CombinerConfig } from '../src/combiner.js';
import '../src/bag-of-ngrams.js';
import { DATASETS, readJsonl, split, type Example } from './lib/data.js';
import { argmaxLabels, score } from './lib/metrics.js';

const { values: args } = parseArgs({ options: { members: { type: 'string' }, out: { type: 'string' }, run: { type: 'string' }, seed: { type: 'string', default: '42' }, corpus: { type: 'string' }, ood: { type: 'string' }, step: { type: 'string', default: '0.05' }, 'search-members': { type: 'boolean', default: false }, 'max-drop': { type: 'string', default: '1' }, floors: { type: 'string' } } });
if (!args.members || !args.out) throw new Error('usage: combine --members DIR[,DIR...] --out combiner.json');
const memberDirs = args.members.split(',');
const run = args.run ?? dirname(memberDirs[0]);
const { maxlen } = JSON.parse(readFileSync(join(run, 'text-config.json'), 'utf8')) as { maxlen: number };
const tokenizerJson = readFileSync(join(run, 'tokenizer.json'), 'utf8');
const tok = Tokenizer.fromJSON(tokenizerJson);
// Members must read the same ids: a run whose vocabulary differs (e.g. another normaliser) is refused.
// Compared as sorted word → id pairs: the same vocabulary may be serialised in another key order
// (e.g. rebuilt from the shipped word list).
const wordIndexOf = (json: string) => JSON.stringify(Object.entries(JSON.parse((JSON.parse(json) as { config: { word_index: string } }).config.word_index) as Record<string, number>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
for (const d of memberDirs) {
  const own = join(dirname(d), 'tokenizer.json');
  if (existsSync(own) && wordIndexOf(readFileSync(own, 'utf8')) !== wordIndexOf(tokenizerJson)) throw new Error(`${d} was trained with another vocabulary than ${run}/tokenizer.json; members must share one tokenizer`);
}
setSeed(Number(args.seed));
const log = (m: string) => console.log(m);

const encode = (ex: Example[]) => encodeTexts(tok, ex.map((e) => normalizeText(e.text)), maxlen, 'pre').ids;

// 1. Lexicon expert on the training splits.
const train = [...DATASETS.flatMap((d) => split(d, 'train')), ...(args.corpus ? args.corpus.split(',').flatMap((f) => readJsonl(f)) : [])];
const trainIds = encode(train);
const trainFeatures = lexiconFeaturesOfIds(tok, trainIds, train.length, maxlen);
const expert = sequential({ seed: Number(args.seed), name: 'lexicon_expert' });
expert.add(layers.dense({ units: 3, activation: 'softmax', inputShape: [LEXICON_FEATURE_COUNT] }));
expert.compile({ optimizer: adam({ learningRate: 0.01 }), loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'] });
await expert.fit(tensor(trainFeatures, [train.length, LEXICON_FEATURE_COUNT]), tensor(Float32Array.from(train, (e) => LABELS.indexOf(e.label)), [train.length]), { epochs: 20, batchSize: 256, shuffle: true, verbose: 0 });
const [kernel, bias] = expert.getWeights().map((w) => Array.from(w.data, (v) => Number(v.toFixed(6))));
log(`lexicon expert fitted on ${train.length} training texts`);

// 2. Member and expert probabilities on the validation sets.
const members: Sequential[] = [];
for (const d of memberDirs) members.push(await loadModel(join(d, 'model.json')));
const oodDev = ['ood-dev.jsonl', 'ood-sample.jsonl', 'ood-dev-2.jsonl'].flatMap((f) => readJsonl(new URL(`./data/${f}`, import.meta.url).pathname));
const sets = [...DATASETS.map((d) => ({ name: `${d}/val`, examples: split(d, 'val'), binary: d === 'rt_polarity_binary' })), { name: 'ood-dev (476)', examples: oodDev, binary: false }, ...(args.ood ? args.ood.split(',') : []).map((f) => ({ name: f.split('/').slice(-2).join('/'), examples: readJsonl(f), binary: false }))];
const scored = sets.map((s) => {
  const ids = encode(s.examples);
  const n = s.examples.length;
  const x = tensor(ids, [n, maxlen], 'int32');
  return { ...s, n, gold: s.examples.map((e) => e.label), memberProbs: members.map((m) => m.predict(x, { batchSize: 256 }).data as Float32Array), lex: lexiconExpert(lexiconFeaturesOfIds(tok, ids, n, maxlen), n, kernel, bias) };
});

function evaluate(memberWeights: number[], direction: number, neutrality: number): number[] {
  return scored.map((s) => score(s.gold, argmaxLabels(combineExperts(s.memberProbs, s.lex, s.n, memberWeights, direction, neutrality), s.n, s.binary), s.binary).accuracy);
}
const fmt = (accs: number[]) => accs.map((a) => (100 * a).toFixed(2)).join(' / ');
const mean = (a: number[]) => a.reduce((s, v) => s + v, 0) / a.length;
log(`columns: ${scored.map((s) => s.name).join(' / ')} (mean)`);
members.forEach((_, k) => {
  const w = members.map((__, j) => (j === k ? 1 : 0));
  const accs = evaluate(w, 0, 0);
  log(`member ${k} (${memberDirs[k]}) alone: ${fmt(accs)} (${(100 * mean(accs)).toFixed(2)})`);
});
{
  const accs = evaluate(members.map(() => 0), 1, 1);
  log(`lexicon expert alone: ${fmt(accs)} (${(100 * mean(accs)).toFixed(2)})`);
}

// 3. Grid. Members: equal shares summing to 1, or (--search-members, ≤ 3 members) proportions on
//    a simplex with step 0.1 — more freedom, more selection noise. Lexicon: direction weight
//    0..0.8 and neutrality weight 0..1.6 (relative to the members' total of 1), step --step.
const step = Number(args.step);
function simplex(m: number, parts: number): number[][] {
  if (m === 1) return [[parts]];
  const out: number[][] = [];
  for (let i = 0; i <= parts; i++) for (const rest of simplex(m - 1, parts - i)) out.push([i, ...rest]);
  return out;
}
const proportions = args['search-members'] && members.length <= 3 ? simplex(members.length, 10).map((p) => p.map((v) => v / 10)).filter((p) => p.some((v) => v > 0)) : [members.map(() => 1 / members.length)];
const grid = (max: number) => Array.from({ length: Math.round(max / step) + 1 }, (_, i) => Number((i * step).toFixed(4)));
interface Candidate { objective: number; smoothed: number; memberWeights: number[]; direction: number; neutrality: number; accs: number[] }
const rows: Candidate[] = [];
for (const direction of grid(0.8)) {
  for (const neutrality of grid(1.6)) {
    for (const p of proportions) {
      const accs = evaluate(p, direction, neutrality);
      rows.push({ objective: mean(accs), smoothed: 0, memberWeights: p.map((v) => Number(v.toFixed(4))), direction, neutrality, accs });
    }
  }
}
// The objective is flat and noisy, so the choice maximises it averaged
// over the neighbouring grid points (±2 steps in both lexicon weights, same member weights).
const radius = 2 * step + 1e-9;
for (const c of rows) {
  const near = rows.filter((r) => r.memberWeights.join() === c.memberWeights.join() && Math.abs(r.direction - c.direction) <= radius && Math.abs(r.neutrality - c.neutrality) <= radius);
  c.smoothed = mean(near.map((r) => r.objective));
}
const maxDrop = Number(args['max-drop']) / 100;
// --floors: absolute in-domain val accuracies (percent; airline, tweet, rt) no candidate may fall below,
// e.g. the shipped model's, so a new model is only chosen where it costs none of them.
const floors = args.floors ? args.floors.split(',').map((v) => Number(v) / 100) : DATASETS.map(() => 0);
if (floors.length !== DATASETS.length || floors.some((v) => !Number.isFinite(v))) throw new Error(`--floors takes ${DATASETS.length} comma-separated percentages (airline, tweet, rt), got '${args.floors}'`);
const allowed = (c: Candidate) => {
  const base = rows.find((r) => r.memberWeights.join() === c.memberWeights.join() && r.direction === 0 && r.neutrality === 0)!;
  return c.accs.slice(0, DATASETS.length).every((a, i) => a >= base.accs[i] - maxDrop - 1e-9 && a >= floors[i] - 1e-9);
};
const candidates = rows.filter(allowed);
if (candidates.length === 0) throw new Error('no candidate meets --max-drop and --floors');
const best = candidates.reduce((a, b) => (b.smoothed > a.smoothed ? b : a));
const show = (c: Candidate) => `members [${c.memberWeights.join(', ')}] direction ${c.direction} neutrality ${c.neutrality}: ${fmt(c.accs)} (${(100 * c.objective).toFixed(2)}; smoothed ${(100 * c.smoothed).toFixed(2)})`;
log('plain product (direction = neutrality):');
for (const w of grid(0.8).filter((_, i) => i % 2 === 0)) {
  const c = rows.filter((r) => r.direction === w && r.neutrality === w).reduce((a, b) => (b.objective > a.objective ? b : a));
  log(`  ${show(c)}`);
}
log('best neutrality weight for each direction weight:');
for (const d of grid(0.8).filter((_, i) => i % 2 === 0)) log(`  ${show(rows.filter((r) => r.direction === d).reduce((a, b) => (b.objective > a.objective ? b : a)))}`);
log(`chosen (in-domain val within ${args['max-drop']} point(s) of lexicon weights 0${args.floors ? ` and ≥ ${args.floors}` : ''}): ${show(best)}`);

const config: CombinerConfig = { memberWeights: best.memberWeights, lexiconDirectionWeight: best.direction, lexiconNeutralityWeight: best.neutrality, lexiconKernel: kernel, lexiconBias: bias };
writeFileSync(args.out, JSON.stringify({ members: memberDirs, run, config, validation: Object.fromEntries(scored.map((s, i) => [s.name, best.accs[i]])) }, null, 2));
log(`wrote ${args.out}`);
