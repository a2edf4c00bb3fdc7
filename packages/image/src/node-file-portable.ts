/**
 * Replaces `node-file.ts` in the portable build (workerd, Vercel Edge, browsers; see
 * tsup.config.ts): there is no file system there, so file paths fail with a typed error and the
 * bundle carries no `node:` import.
 */
import { FILE_PATHS_NEED_NODE, ImageInputError } from './errors.js';

export function readNodeFile(path: string): Promise<Uint8Array> {
  return Promise.reject(new ImageInputError(`Cannot read "${path}": ${FILE_PATHS_NEED_NODE}.`));
}
