/**
 * Child process for atomic-save.test.ts (bundled with esbuild, run with plain node): saves two
 * large models to reference directories (once), then alternately to the target directory, forever,
 * until the parent kills it with SIGKILL. Each fsync is delayed by a random 0–60 ms (an artificial
 * slow disk) so kills also land while files are being written and renamed, not only while hashing.
 */
import { existsSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as layers from '../layers/index.js';
import { Sequential } from '../model/sequential.js';
import { setSeed } from '../random.js';

/** A and B differ in shape too, so a model.json of one with a shard of the other cannot pass as either. */
function big(seed: number, hidden: number): Sequential {
  setSeed(seed);
  return new Sequential({ layers: [layers.dense({ units: hidden, inputShape: [1024], activation: 'relu' }), layers.dense({ units: 1024 })] });
}

async function slowDisk(): Promise<void> {
  const probe = join(tmpdir(), `neurite-probe-${process.pid}`);
  const handle = await open(probe, 'w');
  const proto = Object.getPrototypeOf(handle) as { sync: () => Promise<void> };
  await handle.close();
  const sync = proto.sync;
  proto.sync = async function (this: unknown) {
    await new Promise((resolve) => setTimeout(resolve, Math.random() * 60));
    return sync.call(this);
  };
}

const [target, refA, refB] = process.argv.slice(2);
const a = big(1, 1024);
const b = big(2, 1000);
if (!existsSync(refB)) {
  await a.save(refA);
  await b.save(refB);
}
if (!existsSync(target)) await a.save(target);
await slowDisk();
process.stdout.write('ready\n');
for (let i = 0; ; i++) {
  const started = performance.now();
  await (i % 2 === 0 ? b : a).save(target);
  process.stdout.write(`saved ${i} ${(performance.now() - started).toFixed(1)}\n`);
}
