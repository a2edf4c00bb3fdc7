/**
 * The one place @neurite/core touches Node's built-in modules: file-path save/load (fs, path),
 * file:// URLs (url) and shard hashing/temp names (crypto). Imported dynamically, and only when a
 * path is used, so this build still loads anywhere. The portable build (workerd, Edge, browsers;
 * see tsup.config.ts) swaps this file for `node-platform-portable.ts`, so bundles for those
 * runtimes contain no `node:` import at all.
 */
import { FILE_PATHS_NEED_NODE, ModelIOError } from './errors.js';

export interface NodePlatform {
  fs: typeof import('node:fs/promises');
  path: typeof import('node:path');
  fileURLToPath: (typeof import('node:url'))['fileURLToPath'];
  createHash: (typeof import('node:crypto'))['createHash'];
  randomBytes: (typeof import('node:crypto'))['randomBytes'];
}

let loaded: Promise<NodePlatform> | undefined;

/** Node's modules for `what` (e.g. "load the model at 'x'"); a typed ModelIOError where they do not exist. */
export function nodePlatform(what: string): Promise<NodePlatform> {
  loaded ??= Promise.all([import('node:fs/promises'), import('node:path'), import('node:url'), import('node:crypto')]).then(
    ([fs, path, url, crypto]) => ({ fs, path, fileURLToPath: url.fileURLToPath, createHash: crypto.createHash, randomBytes: crypto.randomBytes }),
  );
  return loaded.catch((e: unknown) => {
    loaded = undefined;
    throw new ModelIOError(`Cannot ${what}: ${FILE_PATHS_NEED_NODE}.`, { cause: e });
  });
}
