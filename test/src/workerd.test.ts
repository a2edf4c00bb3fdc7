// Cloudflare workerd (through miniflare): the Worker is bundled like wrangler does — conditions
// workerd/worker/browser, `.wasm` imports kept as CompiledWasm modules — so it must pick the
// package's workerd entry, which loads the kernels from the imported module, not from bytes.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { afterAll, expect, it } from 'vitest';
import { bundle } from './harness/bundle.js';
import { consumerDir } from './harness/consumer.js';
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
  const outbound: string[] = [];
  let dispose: (() => Promise<void>) | undefined;
  afterAll(() => dispose?.());

  it('answers a request with kernel results computed by the imported .wasm module', async () => {
    const { Miniflare } = await import('miniflare');
    const worker = await bundle({ consumerDir: consumerDir(), entry: 'worker.mjs', conditions: ['workerd', 'worker', 'browser'], format: 'esm', wasm: 'esm-module' });
    // The workerd entry was selected: it imports the .wasm and carries no inlined base64 copy.
    expect(worker.wasmModules.map((p) => p.replace(/.*node_modules\//, ''))).toEqual(['@neurite/kernels/wasm/neurite_kernels.wasm']);
    expect(worker.code).not.toMatch(/[A-Za-z0-9+/]{4096}/);

    const started = performance.now();
    const mf = new Miniflare({
      compatibilityDate: '2025-09-01',
      modules: [
        { type: 'ESModule', path: 'worker.mjs', contents: worker.code },
        { type: 'CompiledWasm', path: 'neurite_kernels.wasm', contents: readFileSync(worker.wasmModules[0]!) },
      ],
      // Any subrequest is recorded and refused: the kernels must not touch the network.
      outboundService: (request) => {
        outbound.push(request.url);
        return new Response('no network in tests', { status: 599 });
      },
    });
    dispose = () => mf.dispose();
    await mf.ready;
    const ready = performance.now();
    const response = await mf.dispatchFetch('http://localhost/');
    const body = await response.text();
    const answered = performance.now();
    expect(response.status, body).toBe(200);
    expectProbe(JSON.parse(body));
    expect(outbound).toEqual([]);
    // workerd's clock only advances on I/O, so the in-Worker figure is not meaningful; time it here.
    reportColdStart('workerd', { 'first request→result': answered - ready, 'miniflare start→result': answered - started });
  });

  it('refuses the default entry, which compiles bytes (why the workerd entry exists)', async () => {
    const { Miniflare } = await import('miniflare');
    const worker = await bundle({ consumerDir: consumerDir(), entry: 'worker.mjs', conditions: ['browser'], format: 'esm' });
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
