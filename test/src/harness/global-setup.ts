/**
 * Packs each listed package with `pnpm pack` (which rewrites `workspace:*` ranges), installs the
 * tarballs with plain `npm install` into a fresh consumer project outside the monorepo, and copies
 * the per-runtime scripts (src/fixtures) beside them. The tests run everything from there, so
 * they see exactly what a user installing from the registry would.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';
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

export default function setup(project: TestProject): () => void {
  const root = mkdtempSync(join(tmpdir(), 'neurite-consumer-'));
  const remove = () => rmSync(root, { recursive: true, force: true });
  try {
    project.provide('consumerDir', makeConsumer(root));
  } catch (error) {
    remove();
    throw error;
  }
  return () => {
    if (process.env.NEURITE_KEEP_CONSUMER) console.log(`consumer project kept at ${root}`);
    else remove();
  };
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
  }
}
