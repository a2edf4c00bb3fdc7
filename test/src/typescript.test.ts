// A TypeScript consumer type-checks against the packed .d.ts under both module resolutions users
// pick: NodeNext (Node ESM) and Bundler (Vite, esbuild, Next.js).
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { consumerDir } from './harness/consumer.js';
import { run } from './harness/run.js';

const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');

describe('typescript consumer', () => {
  for (const resolution of ['nodenext', 'bundler']) {
    it(`type-checks with moduleResolution ${resolution}`, async () => {
      const result = await run(process.execPath, [tsc, '--noEmit', '-p', `tsconfig.${resolution}.json`], { cwd: consumerDir(), timeoutMs: 60_000 });
      expect(result.stdout + result.stderr).toBe('');
      expect(result.code).toBe(0);
    });
  }
});
