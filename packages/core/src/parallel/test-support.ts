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
import { expect } from 'vitest';
import { TrainingDivergedError } from '../errors.js';
import * as layers from '../layers/index.js';
import { Sequential } from '../model/sequential.js';
import type { Optimizer } from '../optimizers/index.js';
import { setSeed } from '../random.js';
import type { WorkerPool } from './worker-pool.js';
import { tensor, type Tensor } from '../tensor.js';

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

/**
 * Makes the first layer's kernel non-negative, so that a batch of 3e38 everywhere (`overflowingBatch`)
 * overflows float32 on every kernel set: its convolution sums are then 3e38·Σ|w| > 3.4e38 exactly. With
 * a mixed-sign kernel 3e38·Σw may stay below float32's max: the WASM kernels' float32 partial sums still
 * overflow, but the reference kernels add in float64 and round once, so their step stays finite and
 * does not diverge (on one thread either).
 */
export function makeFirstKernelNonNegative(model: Sequential): void {
  const [kernel, ...rest] = model.layers[0].getWeights();
  model.layers[0].setWeights([tensor(kernel.data.map(Math.abs) as Float32Array, kernel.shape), ...rest]);
}

/** A batch of x's shape holding 3e38 everywhere (finite, so the pool accepts it; see makeFirstKernelNonNegative). */
export function overflowingBatch(x: Tensor): Tensor {
  return tensor(new Float32Array(x.size).fill(3e38), x.shape);
}

/** Binary labels for n samples (every third is 1), as the pool tests use. */
export function labels(n: number): Tensor {
  return tensor(Float32Array.from({ length: n }, (_, i) => ((i * 7) % 3 === 0 ? 1 : 0)), [n, 1]);
}

/** A float32 tensor's bit patterns, to compare results bit for bit. */
export function bits(t: Tensor): number[] {
  return Array.from(new Int32Array(t.data.buffer, t.data.byteOffset, t.size));
}

/**
 * Weights and optimizer state of a model trained on the pool and one trained on one thread agree
 * to float32 rounding: the pool sums gradients per shard, then across shards, and an exchanged dense
 * kernel's gradient from each shard's dz scaled by its share (1/n_i · n_i/n, not 1/n): a few ulps per
 * gradient (parallel/README.md, dense-exchange.ts).
 */
export function expectSameTraining(pooled: Sequential, single: Sequential): void {
  single.getWeights().forEach((w, i) => {
    const p = pooled.getWeights()[i].data;
    for (let j = 0; j < w.size; j++) expect(Math.abs(p[j] - w.data[j])).toBeLessThan(1e-5);
  });
  const a = pooled.optimizer!.getState(pooled.trainableWeights);
  const b = single.optimizer!.getState(single.trainableWeights);
  expect(a.iterations).toBe(b.iterations);
  b.slots.forEach((slots, k) => {
    expect(a.slots[k]?.length).toBe(slots?.length);
    slots?.forEach((s, q) => {
      const scale = Math.max(1e-6, ...Array.from(s, Math.abs));
      for (let j = 0; j < s.length; j++) expect(Math.abs(a.slots[k]![q][j] - s[j])).toBeLessThanOrEqual(1e-4 * scale);
    });
  });
}

/** Conv2D(4, 3×3) → 2×2 pooling → flatten → Dense(units, relu) → Dense(1, sigmoid) on side×side×3 inputs. */
export function convDenseModel(seed: number, optimizer: Optimizer | 'adam', side: number, units: number): Sequential {
  setSeed(seed);
  const model = new Sequential({ seed });
  model.add(layers.conv2d({ filters: 4, kernelSize: 3, activation: 'relu', inputShape: [side, side, 3] }));
  model.add(layers.maxPooling2d({ poolSize: 2 }));
  model.add(layers.flatten());
  model.add(layers.dense({ units, activation: 'relu' }));
  model.add(layers.dense({ units: 1, activation: 'sigmoid' }));
  model.compile({ optimizer, loss: 'binary_crossentropy', metrics: ['accuracy'] });
  return model;
}

/**
 * Trains `single` on this thread and `pooled` on the pool for `steps` steps, then gives both a batch
 * that overflows (their first kernels made non-negative): both throw TrainingDivergedError, the
 * pooled model's weights and optimizer state stay those of the last finished step, and the next
 * step on each still agrees.
 */
export async function expectDivergingStepChangesNothing(pool: WorkerPool, single: Sequential, pooled: Sequential, x: Tensor, y: Tensor, steps: number): Promise<void> {
  makeFirstKernelNonNegative(single);
  makeFirstKernelNonNegative(pooled);
  for (let step = 0; step < steps; step++) {
    single.trainOnBatch(x, y);
    await pool.trainOnBatch(pooled, x, y);
  }
  const weights = pooled.getWeights();
  const huge = overflowingBatch(x);
  expect(() => single.trainOnBatch(huge, y)).toThrow(TrainingDivergedError); // it diverges on one thread too
  await expect(pool.trainOnBatch(pooled, huge, y)).rejects.toThrow(TrainingDivergedError);
  pooled.getWeights().forEach((w, i) => expect(bits(w)).toEqual(bits(weights[i])));
  expectSameTraining(pooled, single);
  // The pool goes on from there.
  single.trainOnBatch(x, y);
  await pool.trainOnBatch(pooled, x, y);
  expectSameTraining(pooled, single);
}
