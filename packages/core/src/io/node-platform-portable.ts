/**
 * Replaces `node-platform.ts` in the portable build (workerd, Vercel Edge, browsers; see
 * tsup.config.ts): there is no file system there, so file paths fail with a typed error and the
 * bundle carries no `node:` import.
 */
import { FILE_PATHS_NEED_NODE, ModelIOError } from './errors.js';
import type { NodePlatform } from './node-platform.js';

export function nodePlatform(what: string): Promise<NodePlatform> {
  return Promise.reject(new ModelIOError(`Cannot ${what}: ${FILE_PATHS_NEED_NODE}.`));
}
