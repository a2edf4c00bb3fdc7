// Vercel Edge (the `edge-runtime` VM, locked down like production: no code generation from
// strings and no WebAssembly compiled from bytes). The consumer is bundled with the `edge-light`
// condition; as Next.js does for `.wasm?module` imports, the host compiles the .wasm and injects
// it as a global binding. The Edge function answers a fetch event inside the VM.
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { bundle, wasmBindingName } from './harness/bundle.js';
import { consumerDir } from './harness/consumer.js';
import { describeRuntime, reportColdStart, type Availability } from './harness/runtime.js';
import { expectProbe } from './expected.js';

let edgeRuntime: typeof import('edge-runtime') | undefined;
let missing = '';
try {
  edgeRuntime = await import('edge-runtime');
} catch (error) {
  missing = `the edge-runtime package is not installed (${(error as Error).message.split('\n')[0]})`;
}
const availability: Availability = edgeRuntime ? { ok: true, path: 'edge-runtime' } : { ok: false, reason: missing };

function startEdge(code: string, bindings: Record<string, unknown>, fetched: string[]) {
  return new edgeRuntime!.EdgeRuntime({
    initialCode: code,
    codeGeneration: { strings: false, wasm: false },
    extend: (context) => {
      Object.assign(context, bindings);
      // Any fetch from inside the VM is recorded and refused: the kernels must not use the network.
      context.fetch = async (input: unknown) => {
        fetched.push(String(input));
        throw new Error('no network in tests');
      };
      return context;
    },
  });
}

describeRuntime('vercel edge (edge-runtime)', availability, () => {
  it('answers a fetch event with kernel results computed by the injected .wasm module', async () => {
    const script = await bundle({ consumerDir: consumerDir(), entry: 'edge.js', conditions: ['edge-light', 'worker', 'browser'], format: 'iife', wasm: 'global-binding' });
    // The edge-light entry was selected: it imports the .wasm as a module, no inlined base64 copy.
    expect(script.wasmModules.map((p) => p.replace(/.*node_modules\//, ''))).toEqual(['@neurite/kernels/wasm/neurite_kernels.wasm']);
    expect(script.code).not.toMatch(/[A-Za-z0-9+/]{4096}/);

    const started = performance.now();
    const bindings = Object.fromEntries(script.wasmModules.map((p) => [wasmBindingName(p), new WebAssembly.Module(readFileSync(p))]));
    const fetched: string[] = [];
    const runtime = startEdge(script.code, bindings, fetched);
    const response = await runtime.dispatchFetch('http://localhost/');
    const body = await response.text();
    const answered = performance.now();
    expect(response.status, body).toBe(200);
    const probe = expectProbe(JSON.parse(body));
    expect(fetched).toEqual([]);
    reportColdStart('vercel edge', { 'import→first result': probe.coldStartMs, 'VM start→result': answered - started });
  });

  it('refuses the default entry, which compiles bytes (why the edge-light entry exists)', async () => {
    const script = await bundle({ consumerDir: consumerDir(), entry: 'edge.js', conditions: ['browser'], format: 'iife' });
    const runtime = startEdge(script.code, {}, []);
    const response = await runtime.dispatchFetch('http://localhost/');
    expect(response.status).toBe(500);
    expect(await response.text()).toMatch(/code generation disallowed/i);
  });
});
