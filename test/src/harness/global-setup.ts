/**
 * Packs each listed package with `pnpm pack` (which rewrites `workspace:*` ranges), installs the
 * tarballs with plain `npm install` into a fresh consumer project outside the monorepo, and copies
 * the per-runtime scripts (src/fixtures) beside them. The tests run everything from there, so
 * they see exactly what a user installing from the registry would.
 *
 * It also runs the image and text probes here, in-process on the workspace packages, as the
 * reference every runtime must match, and at the end writes the cold-start figures the tests
 * reported into results/cold-start.md.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';
import type { Reference } from '../expected.js';
import { writeColdStartTable } from './cold-start.js';
import { packedPackages } from './packages.js';
import { cleanEnv } from './run.js';

const repo = fileURLToPath(new URL('../../..', import.meta.url));
const fixtures = fileURLToPath(new URL('../fixtures', import.meta.url));

function pnpm(args: string[], cwd: string): void {
  // The pnpm that runs this suite, else the one on PATH.
  const execPath = process.env.npm_execpath;
  if (execPath && /pnpm/.test(execPath)) execFileSync(process.execPath, [execPath, ...args], { cwd, stdio: 'pipe' });
  else execFileSync('pnpm', args, { cwd, stdio: 'pipe', env: cleanEnv() });
}

/** Guards against testing a stale dist: turbo only builds what this package depends on. */
function checkBuiltFirst(name: string, dir: string): void {
  const own = JSON.parse(readFileSync(fileURLToPath(new URL('../../package.json', import.meta.url)), 'utf8')) as { devDependencies?: Record<string, string> };
  if (own.devDependencies?.[name] !== 'workspace:*') {
    throw new Error(`${dir} (${name}) is packed by the integration tests but is not a "workspace:*" devDependency of test/package.json, so turbo would not build it first.`);
  }
}

export default async function setup(project: TestProject): Promise<() => void> {
  const root = mkdtempSync(join(tmpdir(), 'neurite-consumer-'));
  const remove = () => rmSync(root, { recursive: true, force: true });
  const coldStartLog = join(root, 'cold-start.jsonl');
  try {
    project.provide('consumerDir', makeConsumer(root));
    project.provide('coldStartLog', coldStartLog);
    project.provide('reference', await reference());
  } catch (error) {
    remove();
    throw error;
  }
  return () => {
    writeColdStartTable(coldStartLog, fileURLToPath(new URL('../../results/cold-start.md', import.meta.url)));
    if (process.env.NEURITE_KEEP_CONSUMER) console.log(`consumer project kept at ${root}`);
    else remove();
  };
}

/**
 * The image and text probes on the workspace packages (test/node_modules links to packages/*),
 * in this Node process: what every runtime must reproduce exactly.
 */
async function reference(): Promise<Reference> {
  const now = () => performance.now();
  const load = (file: string) => import(fileURLToPath(new URL(`../fixtures/${file}`, import.meta.url)));
  const image = (await load('probe-image.js')) as { probe(now: () => number): Promise<Reference['image']> };
  const text = (await load('probe-text.js')) as { probe(now: () => number): Promise<Reference['text']> };
  const [i, t] = [await image.probe(now), await text.probe(now)];
  return { image: { first: i.first, batch: i.batch }, text: { first: t.first, batch: t.batch } };
}

/** Packs the packages into root/tarballs and installs them into root/app; returns root/app. */
function makeConsumer(root: string): string {
  const tarballs = join(root, 'tarballs');
  const consumer = join(root, 'app');
  const dependencies: Record<string, string> = {};
  for (const dir of packedPackages) {
    const before = new Set(readdirSync(root).includes('tarballs') ? readdirSync(tarballs) : []);
    pnpm(['pack', '--pack-destination', tarballs], resolve(repo, dir));
    const made = readdirSync(tarballs).find((f) => !before.has(f) && f.endsWith('.tgz'));
    if (!made) throw new Error(`pnpm pack produced no tarball for ${dir}`);
    const name = (JSON.parse(execFileSync('tar', ['-xOzf', join(tarballs, made), 'package/package.json'], { encoding: 'utf8' })) as { name: string }).name;
    checkBuiltFirst(name, dir);
    dependencies[name] = `file:${join(tarballs, made)}`;
  }

  cpSync(fixtures, consumer, { recursive: true });
  writeFileSync(join(consumer, 'package.json'), JSON.stringify({ name: 'neurite-consumer', private: true, type: 'module', dependencies }, null, 2));
  // The tarballs are local and have no registry dependencies yet; --prefer-offline keeps it so.
  execFileSync('npm', ['install', '--no-audit', '--no-fund', '--ignore-scripts', '--prefer-offline', '--loglevel=error'], {
    cwd: consumer,
    stdio: 'pipe',
    env: cleanEnv(),
  });
  return consumer;
}

declare module 'vitest' {
  export interface ProvidedContext {
    consumerDir: string;
    /** Where the tests append their cold-start figures (JSON lines; see cold-start.ts). */
    coldStartLog: string;
  }
}
