/** Where the demo finds cat and dog photos: $NEURITE_DATA, then <repo>/../shared/data/cats-dogs/test. */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const isDir = (p: string) => existsSync(p) && statSync(p).isDirectory();

/** A folder with cat/ and dog/ inside, trying `dir`, `dir/test` and `dir/cats-dogs/test`. */
function labelledFolder(dir: string): string | null {
  for (const candidate of [dir, join(dir, 'test'), join(dir, 'cats-dogs', 'test')]) {
    if (isDir(join(candidate, 'cat')) && isDir(join(candidate, 'dog'))) return candidate;
  }
  return null;
}

/** The folders looked at, in order (for the "where to get images" message too). */
export function candidateDataDirs(env: Record<string, string | undefined>, cwd: string): string[] {
  // dist/cli.js sits in <repo>/apps/cli/dist; the shared data sit beside the repository.
  const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
  const list = [join(repo, '..', 'shared', 'data', 'cats-dogs'), join(cwd, '..', 'shared', 'data', 'cats-dogs')];
  return env.NEURITE_DATA ? [resolve(cwd, env.NEURITE_DATA)] : [...new Set(list)];
}

export function findLabelledFolder(env: Record<string, string | undefined>, cwd: string): string | null {
  for (const dir of candidateDataDirs(env, cwd)) {
    const found = labelledFolder(dir);
    if (found) return found;
  }
  return null;
}

/** The first `count` images (sorted by name) of `<folder>/<label>`. */
export function firstImages(folder: string, label: string, count: number): string[] {
  return readdirSync(join(folder, label))
    .filter((f) => /\.(jpe?g|png)$/i.test(f))
    .sort()
    .slice(0, count)
    .map((f) => join(folder, label, f));
}
