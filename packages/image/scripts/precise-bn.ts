/**
 * `tsx scripts/precise-bn.ts <saved model dir> --out <dir> [--data <cats-dogs root>]`
 * Recalibrates a trained model's BatchNormalization statistics on the (unaugmented) training
 * images (see lib/precise-bn.ts), prints val accuracy before and after, and saves the result.
 * Uses `train` for the statistics and `val` to report; never `test`.
 */
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadModel, tensor, type Sequential, type Tensor } from '@neurite/core';
import { toFloat } from './lib/epoch-batch.js';
import { defaultDataRoot } from './lib/paths.js';
import { loadOrBuildCache } from './lib/pixel-cache.js';
import { recalibrateBatchNorm } from './lib/precise-bn.js';

const { values: args, positionals } = parseArgs({ allowPositionals: true, options: { out: { type: 'string' }, data: { type: 'string', default: defaultDataRoot() } } });
if (positionals.length !== 1 || !args.out) throw new Error('usage: precise-bn.ts <saved model dir> --out <dir> [--data <cats-dogs root>]');
const model = await loadModel(positionals[0]);
const side = model.inputShape![1] as number;
const labels = ['cat', 'dog'];
const train = loadOrBuildCache(join(args.data!, 'train'), 'cats-dogs-train', side, 'squash', labels);
const val = loadOrBuildCache(join(args.data!, 'val'), 'cats-dogs-val', side, 'squash', labels);
const xVal = tensor(toFloat(val), [val.y.length, side, side, 3]);

const accuracy = (m: Sequential, x: Tensor, y: Uint8Array) => {
  const p = m.predict(x, { batchSize: 50 }).data;
  return y.reduce((hits, label, i) => hits + ((p[i] >= 0.5 ? 1 : 0) === label ? 1 : 0), 0) / y.length;
};
console.log(`val accuracy before: ${(100 * accuracy(model, xVal, val.y)).toFixed(2)}%`);
recalibrateBatchNorm(model, tensor(toFloat(train), [train.y.length, side, side, 3]));
console.log(`val accuracy after:  ${(100 * accuracy(model, xVal, val.y)).toFixed(2)}%`);
await model.save(args.out);
console.log(`saved → ${args.out}`);
