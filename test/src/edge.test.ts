// Vercel Edge (the `edge-runtime` VM, locked down like production: no code generation from
// strings and no WebAssembly compiled from bytes). The consumer is bundled with the `edge-light`
// condition; as Next.js does for `.wasm?module` imports, the host compiles the .wasm and injects
// it as a global binding. Each probe's Edge function answers a fetch event in its own fresh VM.
// It must pick @neurite/kernels' edge-light entry and @neurite/core's portable build.
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { bundle, inlinedWasmSample, nodeImports, probeParts, wasmBindingName } from './harness/bundle.js';
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
  for (const part of probeParts) {
    it(`${part} probe: a fresh VM answers with results computed by the injected .wasm module`, async () => {
      const dir = consumerDir();
      const script = await bundle({ consumerDir: dir, entry: 'edge.js', part, conditions: ['edge-light', 'worker', 'browser'], format: 'iife', wasm: 'global-binding' });
      // The edge-light entry was selected: it imports the .wasm as a module, no inlined base64 copy.
      expect(script.wasmModules.map((p) => p.replace(/.*node_modules\//, ''))).toEqual(['@neurite/kernels/wasm/neurite_kernels.wasm']);
      expect(script.code).not.toContain(inlinedWasmSample(dir));
      expect(nodeImports(script.code)).toEqual([]);

      const started = performance.now();
      const bindings = Object.fromEntries(script.wasmModules.map((p) => [wasmBindingName(p), new WebAssembly.Module(readFileSync(p))]));
      const fetched: string[] = [];
      const runtime = startEdge(script.code, bindings, fetched);
      const response = await runtime.dispatchFetch('http://localhost/');
      const body = await response.text();
      const answered = performance.now();
      expect(response.status, body).toBe(200);
      const probe = expectProbe(part, JSON.parse(body), 'portable');
      expect(fetched).toEqual([]);
      reportColdStart('vercel edge', part, probe.coldStartMs, { label: 'VM start', ms: answered - started });
    });
  }

  it('refuses the default entry, which compiles bytes (why the edge-light entry exists)', async () => {
    const script = await bundle({ consumerDir: consumerDir(), entry: 'edge.js', part: 'kernels', conditions: ['browser'], format: 'iife' });
    const runtime = startEdge(script.code, {}, []);
    const response = await runtime.dispatchFetch('http://localhost/');
    expect(response.status).toBe(500);
    expect(await response.text()).toMatch(/code generation disallowed/i);
  });
});
