// Node 20: an ES module consumer and a CommonJS one, both with the network denied, each probe in
// a fresh process. Node resolves the `default` exports, so @neurite/core is its full build.
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'vitest';
import { probeParts } from './harness/bundle.js';
import { consumerDir } from './harness/consumer.js';
import { peakRssFromOutput, peakRssPreload } from './harness/peak-memory.js';
import { probeOutput, run } from './harness/run.js';
import { reportColdStart } from './harness/runtime.js';
import { expectProbe } from './expected.js';

const noNetwork = fileURLToPath(new URL('./fixtures/no-network.mjs', import.meta.url));

describe(`node ${process.version}`, () => {
  for (const [kind, script] of [['ESM', 'node-esm.mjs'], ['CommonJS', 'node-cjs.cjs']] as const) {
    for (const part of probeParts) {
      it(`${kind}: ${part} probe on the packed packages`, async () => {
        const dir = consumerDir();
        const result = await run(process.execPath, ['--import', noNetwork, '--import', peakRssPreload, join(dir, script), part], { cwd: dir });
        const probe = expectProbe(part, probeOutput(result), 'full');
        reportColdStart(`node ${kind}`, part, probe.coldStartMs, { label: 'process wall', ms: result.ms }, peakRssFromOutput(result.stdout));
      });
    }
  }
});
