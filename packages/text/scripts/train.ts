/**
 * Trains the sentiment model with Neurite's own fit.
 *
 *   npx tsx scripts/train.ts [--arch bilstm|transformer|tutorial] [--data DIR] [--seed 42] [--epochs 8] [--budget-minutes 60] [--out /tmp/neurite-sentiment]
 *
 * --data: the folder holding airline/, tweet_sentiment_extraction/ and rt_polarity_binary/, each
 *   with train/val/test.jsonl of {text, label} (default <repo>/../shared/data/sentiment).
 *
 * bilstm (shipped): all three train splits (rt_polarity's labels as negative/positive),
 *   3-way softmax; checkpoint (TF.js layers format) every epoch; the epoch with the best mean
 *   per-dataset validation accuracy is recorded in best.json.
 * bag: the same data, vocabulary and lexicon seeding with a fastText-style bag of unigrams and
 *   hashed bigrams (src/bag-of-ngrams.ts); an ensemble member.
 * transformer: the same data, vocabulary and lexicon seeding with a one-block Transformer encoder.
 * --soup-from N: after training, also saves `soup/`, the average of the checkpoints of epochs
 *   N..last (checkpoint averaging), and prints its validation accuracy.
 * --vectors FILE: initialise embedding columns 2.. of every vocabulary word found in FILE with
 *   pretrained GloVe vectors reduced by PCA (scripts/fetch-word-vectors.sh prints FILE); columns 0
 *   and 1 keep the lexicon seeding. --freeze-embedding then keeps the whole embedding fixed, so
 *   words rare in training stay where the pretrained vectors put them.
 * --soft FILES --alpha A: distillation (bilstm / bag / transformer): the rows of FILES, each with a
 *   teacher's probabilities, replace the training texts, with targets A·one-hot + (1 − A)·teacher
 *   (lib/soft-targets.ts; scripts/teacher/ writes such files).
 * --vocab-texts FILES: also count these texts' words when choosing the vocabulary.
 * --init DIR: every layer but the last starts from checkpoint DIR's (scripts/pretrain-body.ts
 *   writes such a body), after the usual embedding seeding.
 * tutorial: the tutorial's Embedding → LSTM(64) → LSTM(32) → Dense(1, sigmoid) on rt_polarity only,
 *   as a baseline; prints its test accuracy.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { Callback, adam, loadModel, schedules, setSeed, tensor, type Logs, type Sequential } from '@neurite/core';
import { LABELS } from '../src/labels.js';
import { normalizeText } from '../src/preprocess.js';
import { encodeTexts } from '../src/encode.js';
import { DATA_DIR, DATASETS, readJsonl, readTexts, split, type DatasetName, type Example } from './lib/data.js';
import { readVaderLexicon } from './lib/lexicon.js';
import { buildTokenizer } from './lib/vocab.js';
import { seedEmbeddingWithLexicon, seedEmbeddingWithPretrained } from './lib/embedding-seed.js';
import { bagClassifier, bilstmClassifier, tutorialBinary } from './lib/models.js';
import { averageCheckpoints } from './lib/soup.js';
import { parseSoftTargets } from './lib/soft-targets.js';
import { transformerClassifier } from './lib/transformer.js';
import { scoreSplit } from './lib/metrics.js';
import type { Tokenizer } from '@neurite/tokenizer';

const { values: args } = parseArgs({
  options: {
    arch: { type: 'string', default: 'bilstm' },
    data: { type: 'string', default: DATA_DIR },
    seed: { type: 'string', default: '42' },
    epochs: { type: 'string', default: '8' },
    'budget-minutes': { type: 'string', default: '60' },
    out: { type: 'string', default: '/tmp/neurite-sentiment' },
    'vocab-size': { type: 'string', default: '15000' },
    maxlen: { type: 'string', default: '40' },
    'embedding-dim': { type: 'string', default: '64' },
    units: { type: 'string', default: '64' },
    /** Bigram hash buckets (--arch bag). */
    buckets: { type: 'string', default: '32768' },
    'soup-from': { type: 'string', default: '0' },
    /**
     * Extra {text, label} JSONL, comma-separated, added to the training data only (e.g.
     * scripts/wordnet-neutral.ts output). The vocabulary is still built from the three datasets alone, so members trained
     * with and without it share one tokenizer.
     */
    extra: { type: 'string' },
    /**
     * Distillation: JSONL of {text, label (or null), soft: [negative, neutral, positive]} (a
     * teacher's probabilities; scripts/teacher/soft_labels.py), comma-separated, used as the
     * training rows instead of the three train splits. A row's target is
     * alpha·onehot(label) + (1 − alpha)·soft, or soft alone without a label.
     */
    soft: { type: 'string' },
    /**
     * JSONL of {text}, comma-separated, whose words are counted with the three train splits when
     * the vocabulary is chosen (e.g. the distillation texts of other domains, so that their words
     * get ids of their own). Nothing is trained on them unless they are also in --soft / --extra.
     */
    'vocab-texts': { type: 'string' },
    /** A checkpoint whose layers but the last replace the new model's (same shapes), e.g. a body pre-trained on another target. */
    init: { type: 'string' },
    alpha: { type: 'string', default: '0.5' },
    'batch-size': { type: 'string', default: '64' },
    lr: { type: 'string', default: '0.002' },
    /** Cosine-decay the learning rate to 5% over this many epochs (0: constant). */
    'decay-epochs': { type: 'string', default: '0' },
    vectors: { type: 'string' },
    'freeze-embedding': { type: 'boolean', default: false },
    /** Use only the first N training texts of each set (smoke tests). */
    limit: { type: 'string', default: '0' },
  },
});
const seed = Number(args.seed);
const spec = { vocabSize: Number(args['vocab-size']), maxlen: Number(args.maxlen), embeddingDim: Number(args['embedding-dim']), units: Number(args.units), seed, buckets: Number(args.buckets) };
const out = args.out!;
// Relative to the working directory; every split below is read from here.
const dataDir = resolve(args.data!);
const read = (name: DatasetName, which: 'train' | 'val' | 'test') => split(name, which, dataDir);
mkdirSync(out, { recursive: true });
setSeed(seed);
const started = performance.now();
const log = (msg: string) => console.log(`[${((performance.now() - started) / 1000).toFixed(0)}s] ${msg}`);

function encode(tok: Tokenizer, examples: readonly { text: string }[]) {
  const { ids } = encodeTexts(tok, examples.map((e) => normalizeText(e.text)), spec.maxlen, 'pre');
  return tensor(ids, [examples.length, spec.maxlen], 'int32');
}
const labelIds = (examples: Example[]) => tensor(Float32Array.from(examples, (e) => LABELS.indexOf(e.label)), [examples.length]);

class Progress extends Callback {
  private epochStart = 0;
  onEpochBegin(epoch: number): void {
    this.epochStart = performance.now();
    log(`epoch ${epoch + 1} begins`);
  }
  onBatchEnd(batch: number, logs: Logs): void {
    if (batch % 100 === 0) log(`  batch ${batch} loss ${logs.loss?.toFixed(4)} acc ${logs.accuracy?.toFixed(4)} (${((performance.now() - this.epochStart) / (batch + 1)).toFixed(0)} ms/step)`);
  }
}

async function trainClassifier(build: (s: typeof spec) => Sequential): Promise<void> {
  const limit = Number(args.limit);
  const train = DATASETS.flatMap((d) => (limit > 0 ? read(d, 'train').slice(0, limit) : read(d, 'train')));
  const lexicon = readVaderLexicon();
  const vocabTexts = (args['vocab-texts'] ?? '').split(',').filter(Boolean).flatMap((file) => readTexts(file));
  const tok = buildTokenizer([...train, ...vocabTexts.map((text) => ({ text }))].map((e) => normalizeText(e.text)), lexicon, spec.vocabSize);
  spec.vocabSize = tok.wordIndex.size + 1;
  log(`vocabulary ${spec.vocabSize} ids (incl. padding), ${train.length} training texts from ${dataDir}${vocabTexts.length > 0 ? ` and ${vocabTexts.length} texts from ${args['vocab-texts']}` : ''}`);
  for (const file of args.extra ? args.extra.split(',') : []) {
    const extra = readJsonl(file);
    train.push(...extra);
    log(`+ ${extra.length} extra training texts from ${file}`);
  }
  if (args.soft && args.extra) throw new Error('--soft replaces the training texts, so --extra would be ignored: put the extra texts in the soft-label files instead');
  const soft = args.soft ? parseSoftTargets(args.soft.split(',').map((f) => readFileSync(f, 'utf8')), Number(args.alpha)) : null;
  if (soft) log(`distillation: ${soft.texts.length} rows with soft targets (alpha ${args.alpha}) from ${args.soft} replace the training texts`);
  writeFileSync(join(out, 'tokenizer.json'), tok.toJSON());
  writeFileSync(join(out, 'text-config.json'), JSON.stringify({ arch: args.arch, labels: LABELS, truncating: 'pre', preprocessing: 'neurite-sentiment-v1', extra: args.extra ?? null, soft: args.soft ?? null, alpha: soft ? Number(args.alpha) : null, vectors: args.vectors ?? null, freezeEmbedding: args['freeze-embedding'], ...spec }, null, 2));

  const x = encode(tok, soft ? soft.texts.map((text) => ({ text })) : train);
  const y = soft ? tensor(soft.targets, [soft.texts.length, 3]) : labelIds(train);
  const val = new Map<DatasetName, Example[]>(DATASETS.map((d) => [d, read(d, 'val')]));

  const model = build(spec);
  const epochs = Number(args.epochs);
  const stepsPerEpoch = Math.ceil(x.shape[0] / Number(args['batch-size']));
  const decayEpochs = Number(args['decay-epochs']);
  const learningRate = decayEpochs > 0 ? schedules.cosineDecay({ initialLearningRate: Number(args.lr), decaySteps: decayEpochs * stepsPerEpoch, alpha: 0.05 }) : Number(args.lr);
  // categoricalCrossentropy takes any target distribution (−Σ t·log q), not only one-hot rows.
  model.compile({ optimizer: adam({ learningRate }), loss: soft ? 'categoricalCrossentropy' : 'sparseCategoricalCrossentropy', metrics: ['accuracy'] });
  model.build([null, spec.maxlen]);
  log(`lexicon-seeded embedding rows: ${seedEmbeddingWithLexicon(model, tok, lexicon)}`);
  if (args.vectors) log(`embedding rows from pretrained vectors: ${seedEmbeddingWithPretrained(model, tok, args.vectors)} of ${spec.vocabSize}`);
  if (args.init) {
    const init = await loadModel(join(args.init, 'model.json'));
    model.layers.slice(0, -1).forEach((layer, i) => layer.setWeights(init.layers[i].getWeights()));
    log(`layers 1..${model.layers.length - 1} initialised from ${args.init}`);
  }
  if (args['freeze-embedding']) model.layers[0].trainable = false;
  model.summary((l) => console.log(l));

  const budgetMs = Number(args['budget-minutes']) * 60_000;
  let best = { score: -1, epoch: -1 };
  const valScores = (m: Sequential) => {
    const scores: Record<string, number> = {};
    for (const [name, examples] of val) scores[name] = scoreSplit(m, encode(tok, examples), examples, name === 'rt_polarity_binary').accuracy;
    return { scores, mean: (scores.airline + scores.tweet_sentiment_extraction + scores.rt_polarity_binary) / 3 };
  };
  let lastEpoch = 0;
  const checkpoint = new (class extends Callback {
    async onEpochEnd(epoch: number): Promise<void> {
      lastEpoch = epoch + 1;
      const { scores, mean } = valScores(model);
      const dir = join(out, `epoch-${String(epoch + 1).padStart(2, '0')}`);
      await model.save(dir);
      if (mean > best.score) {
        best = { score: mean, epoch: epoch + 1 };
        writeFileSync(join(out, 'best.json'), JSON.stringify({ epoch: epoch + 1, dir, meanValAccuracy: mean, val: scores }, null, 2));
      }
      log(`epoch ${epoch + 1} val accuracy ${JSON.stringify(scores)} mean ${mean.toFixed(4)} (best epoch ${best.epoch}); saved ${dir}`);
      const elapsed = performance.now() - started;
      if (elapsed * (epoch + 2) / (epoch + 1) > budgetMs) {
        log(`stopping: another epoch would exceed the ${args['budget-minutes']}-minute budget`);
        model.stopTraining = true;
      }
    }
  })();
  log(`training ${epochs} epochs x ${stepsPerEpoch} steps`);
  await model.fit(x, y, { epochs, batchSize: Number(args['batch-size']), shuffle: true, verbose: 1, callbacks: [new Progress(), checkpoint] });
  log(`done; best epoch ${best.epoch} mean val accuracy ${best.score.toFixed(4)}`);
  const soupFrom = Number(args['soup-from']);
  if (soupFrom > 0 && lastEpoch >= soupFrom) {
    const dirs = Array.from({ length: lastEpoch - soupFrom + 1 }, (_, i) => join(out, `epoch-${String(soupFrom + i).padStart(2, '0')}`));
    const soup = await averageCheckpoints(dirs);
    await soup.save(join(out, 'soup'));
    const { scores, mean } = valScores(soup);
    writeFileSync(join(out, 'soup.json'), JSON.stringify({ epochs: dirs, meanValAccuracy: mean, val: scores }, null, 2));
    log(`soup of epochs ${soupFrom}..${lastEpoch}: val accuracy ${JSON.stringify(scores)} mean ${mean.toFixed(4)}; saved ${join(out, 'soup')}`);
  }
}

async function trainTutorial(): Promise<void> {
  const train = read('rt_polarity_binary', 'train');
  const tok = buildTokenizer(train.map((e) => normalizeText(e.text)), new Map(), spec.vocabSize);
  spec.vocabSize = tok.wordIndex.size + 1;
  const binary = (ex: Example[]) => tensor(Float32Array.from(ex, (e) => (e.label === 'positive' ? 1 : 0)), [ex.length, 1]);
  const model = tutorialBinary(spec);
  model.compile({ optimizer: 'adam', loss: 'binary_crossentropy', metrics: ['accuracy'] });
  const valEx = read('rt_polarity_binary', 'val');
  let best = { acc: -1, epoch: 0, weights: model.getWeights() };
  const keepBest = new (class extends Callback {
    onEpochEnd(epoch: number, logs: Logs): void {
      log(`epoch ${epoch + 1} ${JSON.stringify(logs)}`);
      if ((logs.val_accuracy ?? -1) > best.acc) best = { acc: logs.val_accuracy, epoch: epoch + 1, weights: model.getWeights() };
    }
  })();
  await model.fit(encode(tok, train), binary(train), { epochs: Number(args.epochs), batchSize: Number(args['batch-size']), validationData: [encode(tok, valEx), binary(valEx)], verbose: 1, callbacks: [new Progress(), keepBest] });
  model.setWeights(best.weights);
  const test = read('rt_polarity_binary', 'test');
  const result = model.evaluate(encode(tok, test), binary(test));
  log(`tutorial baseline: best epoch ${best.epoch} (val ${best.acc.toFixed(4)}); rt_polarity_binary test accuracy ${result.accuracy.toFixed(4)} loss ${result.loss.toFixed(4)}`);
  writeFileSync(join(out, 'tutorial-baseline.json'), JSON.stringify({ bestEpoch: best.epoch, valAccuracy: best.acc, test: result }, null, 2));
}

if (args.arch === 'tutorial') await trainTutorial();
else if (args.arch === 'bilstm') await trainClassifier(bilstmClassifier);
else if (args.arch === 'bag') await trainClassifier(bagClassifier);
else if (args.arch === 'transformer') await trainClassifier(transformerClassifier);
else throw new Error(`--arch must be bilstm, bag, transformer or tutorial, got ${args.arch}`);
