// Interleaved A/B of one seed-model predict case: Neurite, tfjs-backend-wasm and onnxruntime-web
// (1 thread) take turns call by call in one process, so every round's contenders share the same
// stretch of this VM's drifting speed (seed-models.bench.mjs times each system in turn instead).
// Inputs are the sweep's (cases.mjs). Prints medians and the median of per-round ratios.
//
//   node bench/interleaved.bench.mjs cnn 1 [rounds]      seed CNN predict, batch 1
//   node bench/interleaved.bench.mjs lstm 64 [rounds]    seed LSTM predict, batch 64 (no tfjs-wasm: 10× slower)
import { tensor } from '@neurite/core';
import { images, sequences } from './cases.mjs';
import { neuriteSeedCnn, neuriteSeedLstm } from './neurite-models.mjs';
import { tf, tfjsSeedCnn, useTfjsBackend } from './tfjs-models.mjs';
import { loadOrt, ortFeed, ortSession } from './ort-models.mjs';
import { median } from './timing.mjs';

const [model, batchArg, roundsArg] = process.argv.slice(2);
if (model !== 'cnn' && model !== 'lstm') throw new Error('usage: interleaved.bench.mjs cnn|lstm BATCH [ROUNDS]');
const batch = Number(batchArg ?? 1);
const rounds = Number(roundsArg ?? 25);
if (!(Number.isInteger(batch) && batch >= 1 && Number.isInteger(rounds) && rounds >= 1)) throw new Error('BATCH and ROUNDS must be whole numbers ≥ 1');

const input = model === 'cnn' ? images(batch).x : sequences(batch).x;
const neurite = model === 'cnn' ? neuriteSeedCnn() : neuriteSeedLstm();
const xs = tensor(input.data, input.shape, input.dtype);
const contenders = [['neurite', async () => neurite.predict(xs, { batchSize: batch })]];
if (model === 'cnn') {
  await useTfjsBackend('wasm');
  const tfjsModel = tfjsSeedCnn();
  const tx = tf.tensor(input.data, input.shape);
  contenders.push(['tfjs-wasm', async () => { const y = tfjsModel.predict(tx); await y.data(); y.dispose(); }]);
}
const ort = await loadOrt('web', 1);
const session = await ortSession(ort, 'web', model);
const feed = ortFeed(ort, model === 'cnn' ? images(batch, 'nchw').x : input);
contenders.push(['onnxruntime-web (1 thread)', async () => { await session.run(feed); }]);

for (let warm = 0; warm < 5; warm++) for (const [, run] of contenders) await run();
const times = contenders.map(() => []);
for (let r = 0; r < rounds; r++) {
  for (const [i, [, run]] of contenders.entries()) {
    const t = performance.now();
    await run();
    times[i].push(performance.now() - t);
  }
}
console.log(`seed ${model.toUpperCase()} predict, batch ${batch}, ${rounds} interleaved rounds (medians):`);
for (const [i, [name]] of contenders.entries()) {
  const ratio = i === 0 ? '' : `; ${name} ÷ neurite per round: ${median(times[i].map((t, r) => t / times[0][r])).toFixed(2)}×`;
  console.log(`  ${name}: ${median(times[i]).toFixed(2)} ms${ratio}`);
}
