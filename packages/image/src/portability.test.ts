import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ImageInputError } from './errors.js';
import { readNodeFile } from './node-file.js';
import { readNodeFile as portableReadNodeFile } from './node-file-portable.js';

// The package must load in browsers, workerd, Deno and edge runtimes: no static import of Node
// built-ins anywhere in the library code; file paths go through node-file.ts, a dynamic import at
// call time that the portable build (workerd, edge-light, browser conditions) replaces.
const here = dirname(fileURLToPath(import.meta.url));
const STATIC_NODE_IMPORT = /(?:^|\n)\s*(?:import|export)\s[^;]*?from\s*['"](?:node:|fs|path|os|stream|zlib|util|buffer)[^'"]*['"]|import\s*['"]node:|require\(/;
// Any `node:` module import in built code: static, dynamic with a literal, require or bare.
const NODE_IMPORT = /\bfrom\s*["']node:|\bimport\s*\(\s*["']node:|\brequire\s*\(\s*["']node:|\bimport\s*["']node:/g;
const sources = readdirSync(here).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && !f.endsWith('.d.ts'));

const dist = join(here, '..', 'dist');
const built = existsSync(join(dist, 'index.js')) && existsSync(join(dist, 'portable', 'index.js'));
const jsFiles = (dir: string) => readdirSync(dir).filter((f) => f.endsWith('.js')).map((f) => join(dir, f));

// The slice of esbuild's API used here. esbuild comes with tsup (the build tool), so the test
// needs no extra dependency.
interface Esbuild {
  build(options: Record<string, unknown>): Promise<{ outputFiles: Array<{ text: string }> }>;
}

async function minifiedBundle(entry: string, conditions: string[]): Promise<string> {
  const esbuild = createRequire(createRequire(import.meta.url).resolve('tsup'))('esbuild') as Esbuild;
  const result = await esbuild.build({
    entryPoints: [entry], bundle: true, write: false, minify: true, format: 'esm', platform: 'neutral', target: 'es2022', conditions,
    external: ['@neurite/*', 'fast-png', 'fflate', 'jpeg-js', 'jpeg-js/*'], logLevel: 'silent',
  });
  return result.outputFiles.map((f) => f.text).join('\n');
}

describe('portability', () => {
  it('no library source file statically imports a Node built-in', () => {
    expect(sources.length).toBeGreaterThan(10);
    for (const file of sources) expect(readFileSync(join(here, file), 'utf8'), file).not.toMatch(STATIC_NODE_IMPORT);
  });

  it('only node-file.ts names a node: module, so swapping it removes them all', () => {
    const naming = sources.filter((f) => /['"]node:/.test(readFileSync(join(here, f), 'utf8')));
    expect(naming).toEqual(['node-file.ts']);
  });

  it('node-file.ts reads files in Node; its portable twin fails with an ImageInputError that names the fix', async () => {
    expect(await readNodeFile(fileURLToPath(import.meta.url))).toBeInstanceOf(Uint8Array);
    const error = await portableReadNodeFile('cat.jpg').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ImageInputError);
    expect((error as Error).message).toBe(
      'Cannot read "cat.jpg": reading an image from a file path needs Node.js (or Deno); pass bytes, a Blob, ImageData or pixels.',
    );
  });

  it('package.json sends workerd, edge-light and browser to the portable build (types first, default the full build)', () => {
    const manifest = JSON.parse(readFileSync(join(here, '..', 'package.json'), 'utf8')) as { exports: Record<string, Record<string, string>> };
    const root = manifest.exports['.']!;
    expect(Object.keys(root)[0]).toBe('types');
    for (const condition of ['workerd', 'edge-light', 'browser']) expect(root[condition], condition).toBe('./dist/portable/index.js');
    expect(root.default).toBe('./dist/index.js');
  });

  it.skipIf(!built)('the built dist has no static node: imports and only imports its decoders, fflate (zlib-bomb check) and Neurite', () => {
    const code = readFileSync(join(dist, 'index.js'), 'utf8');
    expect(code).not.toMatch(STATIC_NODE_IMPORT);
    const imports = [...new Set([...code.matchAll(/^import .* from ["']([^"']+)["'];?$/gm)].map((m) => m[1]))].sort();
    expect(imports).toEqual(['@neurite/core', '@neurite/kernels', 'fast-png', 'fflate', 'jpeg-js/lib/decoder.js']);
    // The full build reads file paths through a dynamic import, loaded only when a path is used.
    expect(code.match(NODE_IMPORT)).toEqual(['import("node:']);
    // The lazily imported chunks (embedded weights, base64) import nothing at all.
    const chunks = jsFiles(dist).filter((f) => !f.endsWith('/index.js'));
    expect(chunks.some((f) => f.includes('cats-dogs-model-'))).toBe(true);
    for (const f of chunks) expect(readFileSync(f, 'utf8'), f).not.toMatch(/^\s*import\s/m);
  });

  it.skipIf(!built)('the portable dist names no node: module at all, even once minified for workerd', async () => {
    const files = jsFiles(join(dist, 'portable'));
    expect(files.some((f) => f.includes('cats-dogs-model-'))).toBe(true);
    for (const f of files) expect(readFileSync(f, 'utf8'), f).not.toContain('node:');
    expect(readFileSync(join(dist, 'portable', 'index.js'), 'utf8')).toContain('needs Node.js (or Deno)');
    expect((await minifiedBundle(join(dist, 'portable', 'index.js'), ['workerd', 'worker'])).match(NODE_IMPORT)).toBeNull();
    // The same minified bundle of the full build keeps its node: import: the check can fail.
    expect((await minifiedBundle(join(dist, 'index.js'), ['node'])).match(NODE_IMPORT)).toEqual(['import("node:']);
  }, 30_000);

  it('the patterns catch what they should', () => {
    expect("import { readFile } from 'node:fs/promises';").toMatch(STATIC_NODE_IMPORT);
    expect('import fs from "fs";').toMatch(STATIC_NODE_IMPORT);
    expect('const fs = await import(specifier);').not.toMatch(STATIC_NODE_IMPORT);
    expect('a=await import("node:fs/promises")'.match(NODE_IMPORT)).toEqual(['import("node:']);
    expect('const fs = await import(specifier);'.match(NODE_IMPORT)).toBeNull();
  });
});
