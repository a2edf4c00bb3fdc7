// Node 20: an ES module consumer and a CommonJS one, both with the network denied.
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'vitest';
import { consumerDir } from './harness/consumer.js';
import { probeOutput, run } from './harness/run.js';
import { reportColdStart } from './harness/runtime.js';
import { expectProbe } from './expected.js';

const noNetwork = fileURLToPath(new URL('./fixtures/no-network.mjs', import.meta.url));

describe(`node ${process.version}`, () => {
  for (const [kind, script] of [['ESM', 'node-esm.mjs'], ['CommonJS', 'node-cjs.cjs']] as const) {
    it(`${kind}: runs the WASM kernels from the packed package`, async () => {
      const dir = consumerDir();
      const result = await run(process.execPath, ['--import', noNetwork, join(dir, script)], { cwd: dir });
      const probe = expectProbe(probeOutput(result));
      reportColdStart(`node ${kind}`, { 'import→first result': probe.coldStartMs, 'process wall': result.ms });
    });
  }
});
