/**
 * Crash safety of directory saves: a child process saves two large models alternately into one
 * directory and is killed with SIGKILL at random moments; every time, the directory must still load
 * as exactly one of the two models (same weights, same predictions), and the next save must clean up.
 */
import { spawn } from 'node:child_process';
import { readdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, expect, it } from 'vitest';
import { Random } from '../random.js';
import { randomTensor, setupBackends } from '../testing/oracle.js';
import { loadModel } from './load.js';
import { withTempDir } from './test-support.js';

beforeAll(setupBackends);

/** esbuild, as installed for vitest's own use (vitest → vite → esbuild). */
type Build = (options: Record<string, unknown>) => Promise<unknown>;
async function esbuild(): Promise<{ build: Build }> {
  const fromVitest = createRequire(createRequire(import.meta.url).resolve('vitest/package.json'));
  const fromVite = createRequire(fromVitest.resolve('vite/package.json'));
  return import(fromVite.resolve('esbuild')) as Promise<{ build: Build }>;
}

const savesReported = (output: string) => output.split('\n').filter((l) => l.startsWith('saved ')).length;

function runChild(script: string, args: string[]) {
  const child = spawn(process.execPath, [script, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  let running = true;
  const exited = new Promise<NodeJS.Signals | number | null>((resolve) => child.on('exit', (code, signal) => {
    running = false;
    resolve(signal ?? code);
  }));
  const ready = new Promise<void>((resolve, reject) => {
    const check = setInterval(() => {
      if (stdout.includes('ready\n')) {
        clearInterval(check);
        resolve();
      }
    }, 5);
    void exited.then(() => {
      clearInterval(check);
      reject(new Error(`child exited before ready: ${stderr}`));
    });
  });
  return { child, ready, exited, output: () => stdout, running: () => running, stderr: () => stderr };
}

it('SIGKILL at random points mid-save always leaves a complete model (the previous or the new one)', async () => {
  await withTempDir(async (dir) => {
    const script = join(dir, 'child.mjs');
    const { build } = await esbuild();
    await build({ entryPoints: [fileURLToPath(new URL('./atomic-save.child.ts', import.meta.url))], bundle: true, platform: 'node', format: 'esm', target: 'node20', outfile: script, logLevel: 'error' });
    const target = join(dir, 'model');
    const refA = join(dir, 'ref-a');
    const refB = join(dir, 'ref-b');
    const rng = new Random(7);
    const TRIALS = 10;
    const x = randomTensor([2, 1024], 3);
    let a: Awaited<ReturnType<typeof loadModel>> | undefined;
    let b: typeof a;
    const found = { a: 0, b: 0, interrupted: 0 };
    const saveTimes: number[] = [];
    for (let trial = 0; trial < TRIALS; trial++) {
      const run = runChild(script, [target, refA, refB]);
      await run.ready;
      a ??= await loadModel(refA);
      b ??= await loadModel(refB);
      // Let it finish 0–2 saves, then kill at a random moment of the next one (timed from its own save durations).
      const done = trial % 3;
      while (savesReported(run.output()) < done) {
        if (!run.running()) throw new Error(`child died: ${run.stderr()}`);
        await new Promise((resolve) => setTimeout(resolve, 2));
      }
      const typical = saveTimes.length > 0 ? saveTimes[saveTimes.length - 1] : 250;
      await new Promise((resolve) => setTimeout(resolve, rng.uniform(0, typical)));
      run.child.kill('SIGKILL');
      expect(await run.exited).toBe('SIGKILL');
      for (const line of run.output().split('\n')) if (line.startsWith('saved ')) saveTimes.push(Number(line.split(' ')[2]));

      const files = await readdir(target);
      if (files.length > 2) found.interrupted++; // a temp file or an uncommitted shard: the kill landed mid-save
      const loaded = await loadModel(target);
      const same = (ref: typeof a) => {
        const mine = loaded.weights;
        const theirs = ref!.weights;
        return mine.length === theirs.length && mine.every((w, i) => w.data.length === theirs[i].data.length && w.data.every((v, j) => v === theirs[i].data[j]));
      };
      const isA = same(a);
      const isB = !isA && same(b);
      expect(isA || isB, `trial ${trial}: the directory holds neither model intact`).toBe(true);
      found[isA ? 'a' : 'b']++;
      expect(Array.from(loaded.predict(x).data)).toEqual(Array.from((isA ? a : b)!.predict(x).data));
    }
    // The next save commits and removes whatever the interrupted ones left behind.
    await a!.save(target);
    expect((await readdir(target)).length).toBe(2);
    expect(found.a + found.b).toBe(TRIALS);
    console.log(`atomic save: ${found.a}× model A, ${found.b}× model B, ${found.interrupted} kills left uncommitted files behind; save of ${(a!.countParams() * 4 / 2 ** 20).toFixed(1)} MiB took median ${saveTimes.sort((p, q) => p - q)[Math.floor(saveTimes.length / 2)] ?? NaN} ms`);
  });
}, 120_000);
