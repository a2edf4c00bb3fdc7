/** Default locations: the data set sits beside the repository (`<repo>/../shared/data/cats-dogs`). */
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** <repo> = packages/image/scripts/lib/../../../.. */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..');

export function defaultDataRoot(): string {
  return join(REPO_ROOT, '..', 'shared', 'data', 'cats-dogs');
}
