/**
 * Train a cat/dog convnet from random weights with Neurite's own fit (cnn-m, the previously shipped
 * model, and the tutorial baseline; the shipped classifier now comes from train-transfer.ts).
 *
 *   cd packages/image && npx tsx scripts/train.ts --out /tmp/cats-dogs-run [--arch cnn-m] [--epochs 85]
 *     [--batch 32] [--lr 0.003] [--wd 0.05] [--seed 1] [--data <repo>/../shared/data/cats-dogs] [--resume]
 *     [--threads 2] [--optimizer adamw|rmsprop] [--augment on|resized|off]
 *
 * Data: `<data>/train` for the weights, `<data>/val` for model selection (never `test`), decoded
 * once into a pixel cache (~/.cache/neurite). Every epoch re-augments the training images (flip,
 * random crop, ±10° rotation, colour jitter) with @neurite/image's seeded augment functions.
 * Optimiser: AdamW with a one-cycle schedule over the whole run (`--optimizer rmsprop`: RMSprop at a
 * constant `--lr`, as in the book's tutorial; `--augment off` trains on the plain images;
 * `--augment resized` takes random resized crops, 30–100 % of the area at aspect 3:4–4:3, from the
 * 150 px cache halved to 75 px instead of the 75–100 % crops of the input-size image). After every epoch `<out>/last`
 * (model.save, TF.js layers format) and its optimizer state are written, and `<out>/best` when
 * val_accuracy improves; `--resume` continues from `<out>/last`; `--init <dir>` starts a new
 * phase (fresh optimizer and schedule) from a saved model's weights. `--threads` (default: the
 * cores available) trains data-parallel on a worker pool (see core's src/parallel/README.md).
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { adamw, Callback, rmsprop, createWorkerPool, loadModel, schedules, setSeed, tensor, type Logs, type Sequential } from '@neurite/core';
import { ARCHITECTURES, buildArchitecture } from './lib/architectures.js';
import { fillAugmented, fillResizedCropAugmented, halveToFloat, toFloat } from './lib/epoch-batch.js';
import { loadOptimizerState, saveOptimizerState } from './lib/optimizer-state.js';
import { defaultDataRoot } from './lib/paths.js';
import { loadOrBuildCache, subset } from './lib/pixel-cache.js';

const { values: args } = parseArgs({
  options: {
    data: { type: 'string', default: defaultDataRoot() },
    arch: { type: 'string', default: 'cnn-m' },
    epochs: { type: 'string', default: '85' },
    batch: { type: 'string', default: '32' },
    lr: { type: 'string', default: '0.003' },
    wd: { type: 'string', default: '0.05' },
    seed: { type: 'string', default: '1' },
    threads: { type: 'string' },
    optimizer: { type: 'string', default: 'adamw' },
    augment: { type: 'string', default: 'on' },
    out: { type: 'string', default: '/tmp/neurite-cats-dogs' },
    resume: { type: 'boolean', default: false },
    // Start from the weights of a saved model (a second training phase with a fresh schedule).
    init: { type: 'string' },
    // Smoke tests: use only every k-th image so that about this many train (and val) images remain.
    limit: { type: 'string' },
  },
});

const arch = args.arch!;
const epochs = Number(args.epochs);
const batchSize = Number(args.batch);
const seed = Number(args.seed);
const side = ARCHITECTURES[arch]?.input ?? 64;
const out = args.out!;
mkdirSync(out, { recursive: true });

const labels = ['cat', 'dog'];
const limit = args.limit === undefined ? Infinity : Number(args.limit);
const train = subset(loadOrBuildCache(join(args.data!, 'train'), 'cats-dogs-train', side, 'squash', labels), limit);
// `--augment resized` crops from images twice the input side (halved to 75 px for a 64 px input).
const cropSource = args.augment === 'resized' ? loadCropSource() : undefined;
function loadCropSource() {
  if (side > 75) throw new Error(`--augment resized crops from 75 px images, so it needs an input side of at most 75 (arch ${arch} takes ${side}).`);
  const large = subset(loadOrBuildCache(join(args.data!, 'train'), 'cats-dogs-train', 150, 'squash', labels), limit);
  if (large.files.join('\n') !== train.files.join('\n')) throw new Error('the 150 px and input-size caches list different training files; delete ~/.cache/neurite and rerun.');
  return halveToFloat(large);
}
const val = subset(loadOrBuildCache(join(args.data!, 'val'), 'cats-dogs-val', side, 'squash', labels), limit);
console.log(`train ${train.y.length} images, val ${val.y.length} images, ${side}×${side}, arch ${arch}`);

const n = train.y.length;
const x = tensor(new Float32Array(n * side * side * 3), [n, side, side, 3]);
const y = tensor(Float32Array.from(train.y), [n, 1]);
const xVal = tensor(toFloat(val), [val.y.length, side, side, 3]);
const yVal = tensor(Float32Array.from(val.y), [val.y.length, 1]);

const totalSteps = epochs * Math.ceil(n / batchSize);
if (args.optimizer !== 'adamw' && args.optimizer !== 'rmsprop') throw new Error(`--optimizer must be adamw or rmsprop, got '${args.optimizer}'.`);
if (!['on', 'resized', 'off'].includes(args.augment!)) throw new Error(`--augment must be on, resized or off, got '${args.augment}'.`);
const optimizer =
  args.optimizer === 'rmsprop'
    ? rmsprop({ learningRate: Number(args.lr) })
    : adamw({ learningRate: schedules.oneCycle({ maxLearningRate: Number(args.lr), totalSteps, pctStart: 0.25 }), weightDecay: Number(args.wd) });

let model: Sequential;
let initialEpoch = 0;
let best = -Infinity;
const last = join(out, 'last');
if (args.resume && existsSync(join(last, 'model.json'))) {
  model = await loadModel(last);
  model.compile({ optimizer, loss: 'binary_crossentropy', metrics: ['accuracy'] });
  const state = loadOptimizerState(model, optimizer, join(out, 'optimizer'));
  initialEpoch = state.epoch as number;
  best = state.best as number;
  console.log(`resuming after epoch ${initialEpoch} (best val_accuracy ${best.toFixed(4)})`);
} else if (args.init) {
  model = await loadModel(args.init);
  model.compile({ optimizer, loss: 'binary_crossentropy', metrics: ['accuracy'] });
  console.log(`starting from the weights in ${args.init}`);
} else {
  setSeed(seed);
  model = buildArchitecture(arch);
  model.compile({ optimizer, loss: 'binary_crossentropy', metrics: ['accuracy'] });
}
model.summary();

/** Re-augments the training tensor in place before each epoch; checkpoints after each. */
class EpochHooks extends Callback {
  override onEpochBegin(epoch: number): void {
    if (cropSource) fillResizedCropAugmented(cropSource, side, x.data as Float32Array, seed, epoch);
    else if (args.augment === 'on') fillAugmented(train, x.data as Float32Array, seed, epoch);
    else if (epoch === initialEpoch) toFloat(train, x.data as Float32Array);
  }
  override async onEpochEnd(epoch: number, logs: Logs): Promise<void> {
    await model.save(last);
    if ((logs.val_accuracy ?? -1) > best) {
      best = logs.val_accuracy;
      await model.save(join(out, 'best'));
      console.log(`  new best val_accuracy ${best.toFixed(4)} → ${join(out, 'best')}`);
    }
    saveOptimizerState(model, optimizer, join(out, 'optimizer'), { epoch: epoch + 1, best, arch, seed, epochs });
  }
}

const pool = await createWorkerPool(args.threads === undefined ? {} : { threads: Number(args.threads) });
console.log(`training on ${pool.threads} thread(s)${pool.fallbackReason ? ` (${pool.fallbackReason})` : ''}`);
const t0 = Date.now();
await model.fit(x, y, { epochs, initialEpoch, batchSize, validationData: [xVal, yVal], shuffle: true, callbacks: [new EpochHooks()], verbose: 1, pool });
await pool.terminate();
console.log(`done in ${((Date.now() - t0) / 60000).toFixed(1)} min; best val_accuracy ${best.toFixed(4)}`);
