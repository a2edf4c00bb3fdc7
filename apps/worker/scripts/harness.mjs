// Bundles src/index.ts the way wrangler does (conditions workerd/worker/browser, `.wasm` imports
// kept as CompiledWasm modules; no nodejs_compat: the workerd condition gives @neurite/core's
// portable build, which has no `node:` imports) and runs it in workerd through miniflare. Used by the tests and
// by scripts/load.mjs.
import { readFileSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { Miniflare } from 'miniflare';

const APP = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** @returns {Promise<{ code: string, wasmModules: string[] }>} */
export async function bundleWorker() {
  /** @type {string[]} */
  const wasmModules = [];
  const result = await build({
    absWorkingDir: APP,
    entryPoints: ['src/index.ts'],
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'neutral',
    mainFields: ['module', 'main'],
    conditions: ['workerd', 'worker', 'browser'],
    target: 'es2022',
    logLevel: 'silent',
    plugins: [{
      name: 'wasm-as-compiled-module',
      setup(b) {
        b.onResolve({ filter: /\.wasm$/ }, (args) => {
          const file = resolve(args.resolveDir, args.path);
          wasmModules.push(file);
          return { path: `./${basename(file)}`, external: true };
        });
      },
    }],
  });
  return { code: result.outputFiles[0].text, wasmModules };
}

/**
 * Starts the Worker in workerd on 127.0.0.1 (a free port unless `port` is given). No outbound
 * network: every subrequest is recorded in `outbound` and refused.
 * @param {{ port?: number }} [options]
 */
export async function startWorker(options = {}) {
  const worker = await bundleWorker();
  /** @type {string[]} */
  const outbound = [];
  const mf = new Miniflare({
    compatibilityDate: '2025-09-01',
    host: '127.0.0.1',
    port: options.port ?? 0,
    modules: [
      { type: 'ESModule', path: 'worker.mjs', contents: worker.code },
      ...worker.wasmModules.map((file) => ({ type: /** @type {const} */ ('CompiledWasm'), path: basename(file), contents: readFileSync(file) })),
    ],
    outboundService: (request) => {
      outbound.push(request.url);
      return new Response('no network', { status: 599 });
    },
  });
  const url = await mf.ready;
  return { mf, url: url.origin, worker, outbound, dispose: () => mf.dispose() };
}
