// Test support (not exported from the package): locating and running the
// Python original, and loading real data rows.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
export const ORACLE_SCRIPT = resolve(here, '../test-oracle/keras_oracle.py');
const REPO_ROOT = resolve(here, '../../..');

/**
 * A Python that can `import keras_preprocessing`: $NEURITE_PYTHON if set
 * (and only it), else `python3`, then `/usr/bin/python3` (Debian's package
 * installs into the system interpreter, which a pyenv/venv `python3` on PATH
 * may shadow).
 */
export function findKerasPython(): { python: string | null; tried: string[] } {
  const env = process.env.NEURITE_PYTHON;
  const candidates = env ? [env] : ['python3', '/usr/bin/python3'];
  const tried: string[] = [];
  for (const c of [...new Set(candidates)]) {
    const r = spawnSync(c, ['-c', 'import keras_preprocessing'], { encoding: 'utf8' });
    tried.push(`${c}: ${r.error ? r.error.message : r.status === 0 ? 'ok' : r.stderr.trim().split('\n').pop()}`);
    if (!r.error && r.status === 0) return { python: c, tried };
  }
  return { python: null, tried };
}

// Asynchronous so the test worker keeps answering vitest while Python runs (a blocking
// spawnSync made vitest's worker RPC time out on a loaded machine).
export function runOracle<T>(python: string, job: unknown): Promise<T> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(python, [ORACLE_SCRIPT], { stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', reject);
    child.on('close', (status) => {
      if (status !== 0) reject(new Error(`keras_oracle.py failed (${status}):\n${Buffer.concat(err).toString('utf8')}`));
      else resolvePromise(JSON.parse(Buffer.concat(out).toString('utf8')) as T);
    });
    child.stdin.end(JSON.stringify(job));
  });
}

/** Root of the shared data: $NEURITE_DATA or ../shared/data beside the repo. */
export function dataRoot(): string {
  return process.env.NEURITE_DATA ?? resolve(REPO_ROOT, '../shared/data');
}

export const SENTIMENT_SETS = ['airline', 'tweet_sentiment_extraction', 'rt_polarity_binary'] as const;

/** `text` fields of a JSONL split, or null when the file is absent. */
export function readTexts(set: string, split: 'train' | 'val' | 'test'): string[] | null {
  const file = resolve(dataRoot(), 'sentiment', set, `${split}.jsonl`);
  if (!existsSync(file)) return null;
  const out: string[] = [];
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (line.trim() === '') continue;
    const text = (JSON.parse(line) as { text: unknown }).text;
    if (typeof text === 'string') out.push(text);
  }
  return out;
}

/** Every k-th row so that about `n` rows remain (deterministic). */
export function sampleEvery<T>(rows: readonly T[], n: number): T[] {
  const step = Math.max(1, Math.floor(rows.length / n));
  const out: T[] = [];
  for (let i = 0; i < rows.length && out.length < n; i += step) out.push(rows[i]);
  return out;
}
