import { ImageInputError } from './errors.js';
import { readNodeFile } from './node-file.js';

/**
 * Read a file path in Node (or Deno/Bun, which provide node:fs). The file system is reached only
 * through node-file.ts, which the portable build (workerd, Edge, browsers) replaces.
 */
export async function readFileBytes(path: string): Promise<Uint8Array> {
  if (/^(https?|data|blob):/i.test(path)) {
    throw new ImageInputError(`Got the URL "${path.slice(0, 80)}": fetch it yourself (e.g. new Uint8Array(await (await fetch(url)).arrayBuffer())) and pass the bytes.`);
  }
  try {
    return await readNodeFile(path);
  } catch (error) {
    if (error instanceof ImageInputError) throw error;
    const code = (error as { code?: string }).code;
    throw new ImageInputError(`Could not read image file "${path}"${code ? ` (${code})` : ''}: ${(error as Error).message}`);
  }
}
