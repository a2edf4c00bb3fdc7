/**
 * The one place @neurite/image touches Node's built-in modules: reading an image file by path.
 * Imported dynamically, and only when a path is used, so this build still loads anywhere. The
 * portable build (workerd, Edge, browsers; see tsup.config.ts) swaps this file for
 * `node-file-portable.ts`, so bundles for those runtimes contain no `node:` import at all.
 */
import { FILE_PATHS_NEED_NODE, ImageInputError } from './errors.js';

/** The bytes of the file at `path`; a typed ImageInputError where node:fs does not exist. */
export async function readNodeFile(path: string): Promise<Uint8Array> {
  let fs: typeof import('node:fs/promises');
  try {
    fs = await import('node:fs/promises');
  } catch {
    throw new ImageInputError(`Cannot read "${path}": ${FILE_PATHS_NEED_NODE}.`);
  }
  return fs.readFile(path);
}
