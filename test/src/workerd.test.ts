// Cloudflare workerd (through miniflare): each probe is bundled like wrangler does — conditions
// workerd/worker/browser, `.wasm` imports kept as CompiledWasm modules, no nodejs_compat flag and
// no externals — and answered by its own fresh Worker. It must pick @neurite/kernels' workerd
// entry (the .wasm imported as a module, not compiled from bytes) and @neurite/core's portable
// build (no `node:` imports).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { expect, it } from 'vitest';
import { bundle, inlinedWasmSample, nodeImports, probeParts } from './harness/bundle.js';
import { consumerDir } from './harness/consumer.js';
import { workerdPeak } from './harness/peak-memory.js';
import { describeRuntime, reportColdStart, type Availability } from './harness/runtime.js';
import { expectProbe } from './expected.js';

function workerd(): Availability {
  try {
    const require = createRequire(createRequire(import.meta.url).resolve('miniflare'));
    return { ok: true, path: require.resolve('workerd/bin/workerd') };
  } catch (error) {
    return { ok: false, reason: `miniflare/workerd not installed (${(error as Error).message.split('\n')[0]})` };
  }
}

describeRuntime('workerd (miniflare)', workerd(), () => {
  for (const part of probeParts) {
    it(`${part} probe: a fresh Worker answers with results computed by the imported .wasm module`, async () => {
      const { Miniflare } = await import('miniflare');
      const dir = consumerDir();
      const worker = await bundle({ consumerDir: dir, entry: 'worker.mjs', part, conditions: ['workerd', 'worker', 'browser'], format: 'esm', wasm: 'esm-module' });
      // The workerd entry of the kernels was selected: it imports the .wasm, no inlined base64 copy.
      expect(worker.wasmModules.map((p) => p.replace(/.*node_modules\//, ''))).toEqual(['@neurite/kernels/wasm/neurite_kernels.wasm']);
      expect(worker.code).not.toContain(inlinedWasmSample(dir));
      expect(nodeImports(worker.code)).toEqual([]);

      const outbound: string[] = [];
      const started = performance.now();
      const mf = new Miniflare({
        compatibilityDate: '2025-09-01',
        modules: [
          { type: 'ESModule', path: 'worker.mjs', contents: worker.code },
          { type: 'CompiledWasm', path: 'neurite_kernels.wasm', contents: readFileSync(worker.wasmModules[0]!) },
        ],
        // Any subrequest is recorded and refused: nothing may touch the network.
        outboundService: (request) => {
          outbound.push(request.url);
          return new Response('no network in tests', { status: 599 });
        },
      });
      try {
        await mf.ready;
        const ready = performance.now();
        const response = await mf.dispatchFetch('http://localhost/');
        const body = await response.text();
        const answered = performance.now();
        const peakMemory = workerdPeak();
        expect(response.status, body).toBe(200);
        expectProbe(part, JSON.parse(body), 'portable');
        expect(outbound).toEqual([]);
        // workerd's clock only advances on I/O, so the in-Worker figure is not meaningful; time it here.
        reportColdStart('workerd', part, answered - ready, { label: 'miniflare start', ms: answered - started }, peakMemory);
      } finally {
        await mf.dispose();
      }
    });
  }

  it('refuses the default entry, which compiles bytes (why the workerd entry exists)', async () => {
    const { Miniflare } = await import('miniflare');
    const worker = await bundle({ consumerDir: consumerDir(), entry: 'worker.mjs', part: 'kernels', conditions: ['browser'], format: 'esm' });
    const mf = new Miniflare({ compatibilityDate: '2025-09-01', modules: [{ type: 'ESModule', path: 'worker.mjs', contents: worker.code }] });
    try {
      const response = await mf.dispatchFetch('http://localhost/');
      const body = await response.text();
      expect(response.status).toBe(500);
      expect(body).toMatch(/code generation disallowed/i);
    } finally {
      await mf.dispose();
    }
  });
});
