import { ImageInputError } from './errors.js';

/**
 * Read a file path in Node (or Deno/Bun, which provide node:fs). The import is dynamic so bundles
 * for browsers and edge runtimes never see a static `node:` import.
 */
export async function readFileBytes(path: string): Promise<Uint8Array> {
  if (/^(https?|data|blob):/i.test(path)) {
    throw new ImageInputError(`Got the URL "${path.slice(0, 80)}": fetch it yourself (e.g. new Uint8Array(await (await fetch(url)).arrayBuffer())) and pass the bytes.`);
  }
  let fs: { readFile(path: string): Promise<Uint8Array> };
  try {
    const specifier = 'node:fs/promises';
    fs = await import(/* @vite-ignore */ specifier);
  } catch {
    throw new ImageInputError(`File paths are only supported where node:fs exists (Node, Deno, Bun); here, pass the image bytes, a Blob or pixels instead of "${path}".`);
  }
  try {
    return await fs.readFile(path);
  } catch (error) {
    const code = (error as { code?: string }).code;
    throw new ImageInputError(`Could not read image file "${path}"${code ? ` (${code})` : ''}: ${(error as Error).message}`);
  }
}
