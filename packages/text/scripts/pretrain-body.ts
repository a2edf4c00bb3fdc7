/**
 * Pre-trains a BiLSTM member's body to regress the teacher's sentence embeddings (feature
 * distillation; MODEL_CARD.md, v0.4.0): Embedding → Bidirectional(LSTM) → Dense(384, linear),
 * mean squared error against the embeddings scaled to unit variance. The embedding starts as the
 * members' does (lexicon valences + GloVe). `train.ts --init OUT` then starts a classifier from
 * this body.
 *
 *   npx tsx scripts/pretrain-body.ts --tokenizer RUN/tokenizer.json --embeddings teacher-emb.f32 \
 *     --vectors FILE --out DIR [--epochs 3] [--seed 42] TEXTS.jsonl [...]
 *
 * TEXTS: the JSONL files whose rows the embeddings belong to, in the order they were written
 * (scripts/teacher/embeddings.py); --tokenizer: a train.ts run's vocabulary, so that the
 * classifier trained next reads the same ids.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { Callback, adam, schedules, tensor, type Logs } from '@neurite/core';
import { Tokenizer } from '@neurite/tokenizer';
import { encodeTexts } from '../src/encode.js';
import { normalizeText } from '../src/preprocess.js';
import { readTexts } from './lib/data.js';
import { seedEmbeddingWithLexicon, seedEmbeddingWithPretrained } from './lib/embedding-seed.js';
import { readVaderLexicon } from './lib/lexicon.js';
import { bilstmRegressor } from './lib/models.js';

const { values: args, positionals: files } = parseArgs({
  allowPositionals: true,
  options: {
    tokenizer: { type: 'string' }, embeddings: { type: 'string' }, vectors: { type: 'string' }, out: { type: 'string' },
    epochs: { type: 'string', default: '3' }, seed: { type: 'string', default: '42' }, lr: { type: 'string', default: '0.0015' },
    'embedding-dim': { type: 'string', default: '56' }, units: { type: 'string', default: '64' }, maxlen: { type: 'string', default: '40' },
  },
});
if (!args.tokenizer || !args.embeddings || !args.vectors || !args.out || files.length === 0) {
  throw new Error('usage: pretrain-body --tokenizer FILE --embeddings FILE.f32 --vectors FILE --out DIR TEXTS.jsonl [...]');
}
const DIM = 384;
const tok = Tokenizer.fromJSON(readFileSync(args.tokenizer, 'utf8'));
const texts = files.flatMap((f) => readTexts(f));
const bytes = readFileSync(args.embeddings);
const targets = new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4).slice();
if (targets.length !== texts.length * DIM) throw new Error(`${args.embeddings} holds ${targets.length / DIM} embeddings of ${DIM} but the files have ${texts.length} texts`);
let squares = 0;
for (const v of targets) squares += v * v;
const rms = Math.sqrt(squares / targets.length);
for (let i = 0; i < targets.length; i++) targets[i] /= rms;

const spec = { vocabSize: tok.wordIndex.size + 1, maxlen: Number(args.maxlen), embeddingDim: Number(args['embedding-dim']), units: Number(args.units), seed: Number(args.seed), buckets: 0 };
const x = tensor(encodeTexts(tok, texts.map((t) => normalizeText(t)), spec.maxlen, 'pre').ids, [texts.length, spec.maxlen], 'int32');
const y = tensor(targets, [texts.length, DIM]);
const model = bilstmRegressor(spec, DIM);
const epochs = Number(args.epochs);
const steps = Math.ceil(texts.length / 64);
model.compile({ optimizer: adam({ learningRate: schedules.cosineDecay({ initialLearningRate: Number(args.lr), decaySteps: epochs * steps, alpha: 0.05 }) }), loss: 'meanSquaredError' });
model.build([null, spec.maxlen]);
seedEmbeddingWithLexicon(model, tok, readVaderLexicon());
seedEmbeddingWithPretrained(model, tok, args.vectors);
console.log(`${texts.length} texts, targets scaled by 1/${rms.toFixed(4)}; ${epochs} epochs × ${steps} steps`);
const started = performance.now();
class Progress extends Callback {
  onEpochEnd(epoch: number, logs?: Logs): void {
    console.log(`epoch ${epoch + 1}: loss ${logs?.loss?.toFixed(4)} (${((performance.now() - started) / 1000).toFixed(0)} s)`);
  }
}
await model.fit(x, y, { epochs, batchSize: 64, shuffle: true, verbose: 0, callbacks: [new Progress()] });
await model.save(args.out);
console.log(`saved ${args.out}`);
