import { fileURLToPath } from 'node:url';
import { defineConfig, type Options } from 'tsup';

type Plugin = NonNullable<Options['esbuildPlugins']>[number];

const entry = ['src/index.ts', 'src/adapters/tfjs.ts'];
// The worker-pool's worker (src/parallel/worker.ts) ships as dist/neurite-worker.js, beside the
// chunk that locates it with `new URL('./neurite-worker.js', import.meta.url)`; it shares that
// chunk with index.js, so layers registered through '@neurite/core' are the worker's layers too.
const entries = { index: entry[0], 'adapters/tfjs': entry[1], 'neurite-worker': 'src/parallel/worker.ts' };

// The portable build (dist/portable, for the workerd, edge-light and browser export conditions)
// swaps the one module that reaches Node's built-ins for a version that throws a typed error, so
// those bundles carry no `node:` import and need no nodejs_compat flag or externals.
const portablePlatform: Plugin = {
  name: 'neurite-portable-platform',
  setup(build) {
    build.onResolve({ filter: /\/node-platform\.js$/ }, () => ({
      path: fileURLToPath(new URL('./src/io/node-platform-portable.ts', import.meta.url)),
    }));
    // Likewise the worker pool's node:worker_threads access (there: Web Workers or the calling thread).
    build.onResolve({ filter: /\/node-threads\.js$/ }, () => ({
      path: fileURLToPath(new URL('./src/parallel/node-threads-portable.ts', import.meta.url)),
    }));
  },
};

// The tfjs adapter imports the main entry as `../index.js`; kept external, dist/adapters/tfjs.js
// and .d.ts import dist/index.js and .d.ts. Bundled into a shared .d.ts chunk instead,
// rollup-plugin-dts declares the type-only members of the `losses`, `layers`, … namespaces as
// values, and a consumer's type-check fails (TS2693) unless it sets skipLibCheck.
const external = [/^\.\.\/index\.js$/];

// The builds run at once, so the full build's clean must spare the portable output.
// removeNodeProtocol: false keeps `import('node:fs/promises')` as written in the full build (the
// file-system code is loaded only when a path is used, so it still loads anywhere).
export default defineConfig([
  { entry: entries, external, format: ['esm'], dts: { entry }, sourcemap: true, clean: ['!portable/**'], removeNodeProtocol: false },
  { entry: entries, external, outDir: 'dist/portable', format: ['esm'], sourcemap: true, clean: true, esbuildPlugins: [portablePlatform] },
]);
