/**
 * Test helpers for the worker pool (not part of the public API). Vitest runs the TypeScript
 * sources, but a worker thread runs plain JavaScript: this bundles src/parallel/worker.ts (and the
 * test fixtures) with esbuild into a temporary directory, code-split like core's dist, so a fixture
 * module and the worker share one copy of core (one layer registry, one tape).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

type Build = (options: Record<string, unknown>) => Promise<unknown>;

/** esbuild, as installed for vitest's own use (vitest → vite → esbuild). */
async function esbuild(): Promise<{ build: Build }> {
  const fromVitest = createRequire(createRequire(import.meta.url).resolve('vitest/package.json'));
  const fromVite = createRequire(fromVitest.resolve('vite/package.json'));
  return import(fromVite.resolve('esbuild')) as Promise<{ build: Build }>;
}

export interface BundledWorker {
  /** The worker entry (pass as `workerUrl`). */
  workerUrl: URL;
  /** The custom-layer fixture module (pass in `modules`). */
  layersUrl: URL;
  /** A child program that uses a pool and then returns (see exit.child.ts). */
  childPath: string;
  cleanup(): Promise<void>;
}

export async function bundleWorker(): Promise<BundledWorker> {
  const dir = await mkdtemp(join(tmpdir(), 'neurite-pool-'));
  const here = (file: string) => fileURLToPath(new URL(file, import.meta.url));
  const { build } = await esbuild();
  await build({
    entryPoints: { 'neurite-worker': here('./worker.ts'), 'test-layers': here('./test-layers.fixture.ts'), 'exit-child': here('./exit.child.ts') },
    bundle: true,
    splitting: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outdir: dir,
    logLevel: 'error',
  });
  await writeFile(join(dir, 'package.json'), '{ "type": "module" }');
  return {
    workerUrl: pathToFileURL(join(dir, 'neurite-worker.js')),
    layersUrl: pathToFileURL(join(dir, 'test-layers.js')),
    childPath: join(dir, 'exit-child.js'),
    cleanup: () => rm(dir, { recursive: true, force: true }),
  };
}
