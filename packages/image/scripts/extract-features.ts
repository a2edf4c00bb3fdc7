/**
 * One shard of one feature pass (run by train-transfer.ts, one process per core): the pretrained
 * backbone's 1280 pooled features for every image i of the split with i mod shards = shard.
 *
 *   npx tsx scripts/extract-features.ts --split train --pass 1 --shard 0 --shards 2 --out <dir>
 *     [--data <repo>/../shared/data/cats-dogs] [--side 224] [--seed 1] [--limit N]
 *
 * Pass 0 is the plain images; pass k > 0 augments each image with the seeded TRAIN_AUGMENTATION
 * (flip, 75–100 % crop, ±10° rotation, colour jitter), its random stream derived from (seed, k, i)
 * alone, so a shard's result does not depend on how the work was split.
 */
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { sequential, tensor } from '@neurite/core';
import { augment, createRng, type FloatImage } from '../src/index.js';
import { TRAIN_AUGMENTATION } from './lib/epoch-batch.js';
import { shardPath, writeShard } from './lib/feature-cache.js';
import { loadPretrainedBackbone } from './lib/lite0-backbone.js';
import { defaultDataRoot } from './lib/paths.js';
import { loadOrBuildCache, subset } from './lib/pixel-cache.js';

const { values: args } = parseArgs({
  options: {
    data: { type: 'string', default: defaultDataRoot() },
    split: { type: 'string', default: 'train' },
    pass: { type: 'string', default: '0' },
    shard: { type: 'string', default: '0' },
    shards: { type: 'string', default: '1' },
    side: { type: 'string', default: '224' },
    seed: { type: 'string', default: '1' },
    limit: { type: 'string' },
    out: { type: 'string' },
  },
});
const side = Number(args.side);
const pass = Number(args.pass);
const shard = Number(args.shard);
const shards = Number(args.shards);
if (args.out === undefined) throw new Error('--out <feature cache folder> is required');
const set = subset(loadOrBuildCache(join(args.data!, args.split!), `cats-dogs-${args.split}`, side, 'squash', ['cat', 'dog']), args.limit === undefined ? Infinity : Number(args.limit));
const backbone = sequential({ layers: await loadPretrainedBackbone(side) });

const per = side * side * 3;
const mine = set.files.map((_, i) => i).filter((i) => i % shards === shard);
const width = backbone.outputShape![1] as number;
const features = new Float32Array(mine.length * width);
const BATCH = 8;
const t0 = Date.now();
for (let start = 0; start < mine.length; start += BATCH) {
  const batch = mine.slice(start, start + BATCH);
  const x = new Float32Array(batch.length * per);
  batch.forEach((i, b) => {
    const data = new Float32Array(per);
    for (let j = 0; j < per; j++) data[j] = set.pixels[i * per + j] / 255;
    const image: FloatImage = { width: side, height: side, data };
    const rng = createRng((Math.imul(Number(args.seed) * 1_000_003 + pass, 0x9e3779b1) + i) >>> 0);
    x.set(pass === 0 ? data : augment(image, rng, TRAIN_AUGMENTATION).data, b * per);
  });
  const y = backbone.predict(tensor(x, [batch.length, side, side, 3]));
  features.set(y.data as Float32Array, start * width);
  if ((start / BATCH) % 25 === 0) console.log(`${args.split} pass ${pass} shard ${shard}/${shards}: ${start + batch.length}/${mine.length} images, ${((Date.now() - t0) / (start + batch.length)).toFixed(0)} ms/image`);
}
writeShard(shardPath(args.out, args.split!, pass, shard, shards), { features, width, files: mine.map((i) => set.files[i]) });
console.log(`${args.split} pass ${pass} shard ${shard}/${shards}: done in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
