/** `tsx scripts/lib/build-cache.ts [dataRoot] [side]`: fill the pixel cache for train/val/test. */
import { join } from 'node:path';
import { loadOrBuildCache } from './pixel-cache.js';
import { defaultDataRoot } from './paths.js';

const root = process.argv[2] ?? defaultDataRoot();
const side = Number(process.argv[3] ?? 64);
for (const split of ['train', 'val', 'test']) {
  const t = Date.now();
  const set = loadOrBuildCache(join(root, split), `cats-dogs-${split}`, side, 'squash', ['cat', 'dog']);
  console.log(`${split}: ${set.y.length} images in ${((Date.now() - t) / 1000).toFixed(1)} s`);
}
