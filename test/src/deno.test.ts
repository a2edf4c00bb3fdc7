// Deno: runs the consumer scripts against the installed node_modules with read access only, so
// any network access would throw; each probe in a fresh process. Deno resolves the `default`
// exports (it is not a browser), so @neurite/core is its full build. The binary ships inside the
// `deno` npm package's platform package (@deno/<platform>), which is used directly as npm may
// skip install scripts.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { probeParts } from './harness/bundle.js';
import { consumerDir } from './harness/consumer.js';
import { peakRssFromOutput, peakRssPreload } from './harness/peak-memory.js';
import { probeOutput, run } from './harness/run.js';
import { describeRuntime, reportColdStart, type Availability } from './harness/runtime.js';
import { expectProbe } from './expected.js';

function deno(): Availability {
  if (process.platform !== 'linux' || process.arch !== 'x64') return { ok: false, reason: `no Deno binary wired up for ${process.platform}-${process.arch}` };
  try {
    const fromDeno = createRequire(createRequire(import.meta.url).resolve('deno/package.json'));
    const path = join(dirname(fromDeno.resolve('@deno/linux-x64-glibc/package.json')), 'deno');
    return existsSync(path) ? { ok: true, path } : { ok: false, reason: `${path} is missing` };
  } catch (error) {
    return { ok: false, reason: `the deno npm package is not installed (${(error as Error).message.split('\n')[0]})` };
  }
}

describeRuntime('deno', deno(), (binary) => {
  const denoDir = mkdtempSync(join(tmpdir(), 'neurite-deno-dir-'));
  afterAll(() => rmSync(denoDir, { recursive: true, force: true }));

  for (const part of probeParts) {
    it(`${part} probe from node_modules with no network permission`, async () => {
      const dir = consumerDir();
      const args = ['run', '--allow-read', '--no-remote', '--no-lock', '--no-config', '--node-modules-dir=manual', '--preload', peakRssPreload, 'deno.mjs', part];
      const result = await run(binary, args, { cwd: dir, env: { DENO_DIR: denoDir, DENO_NO_UPDATE_CHECK: '1', NO_COLOR: '1' } });
      const probe = expectProbe(part, probeOutput(result), 'full');
      reportColdStart('deno', part, probe.coldStartMs, { label: 'process wall', ms: result.ms }, peakRssFromOutput(result.stdout));
    });
  }

  it('kernel threads: a helper on shared memory, calls split, the same bits as one thread', async () => {
    const args = ['run', '--allow-read', '--no-remote', '--no-lock', '--no-config', '--node-modules-dir=manual', 'deno.mjs', 'threads'];
    const result = await run(binary, args, { cwd: consumerDir(), env: { DENO_DIR: denoDir, DENO_NO_UPDATE_CHECK: '1', NO_COLOR: '1' } });
    const probe = probeOutput(result) as { status: unknown; splitCalls: number; sameBits: boolean };
    expect(probe.status).toEqual({ threads: 2, reason: null });
    expect(probe.splitCalls).toBe(2);
    expect(probe.sameBits).toBe(true);
  });
});
