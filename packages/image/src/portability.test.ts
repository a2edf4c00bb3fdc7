import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// The package must load in browsers, workerd, Deno and edge runtimes: no static import of Node
// built-ins anywhere in the library code (file paths use a dynamic import at call time).
const here = dirname(fileURLToPath(import.meta.url));
const STATIC_NODE_IMPORT = /(?:^|\n)\s*(?:import|export)\s[^;]*?from\s*['"](?:node:|fs|path|os|stream|zlib|util|buffer)[^'"]*['"]|import\s*['"]node:|require\(/;

describe('portability', () => {
  it('no library source file statically imports a Node built-in', () => {
    const files = readdirSync(here).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && !f.endsWith('.d.ts'));
    expect(files.length).toBeGreaterThan(10);
    for (const file of files) expect(readFileSync(join(here, file), 'utf8'), file).not.toMatch(STATIC_NODE_IMPORT);
  });

  const dist = join(here, '..', 'dist', 'index.js');
  it.skipIf(!existsSync(dist))('the built dist has no static node: imports and only imports its two decoders and Neurite', () => {
    const code = readFileSync(dist, 'utf8');
    expect(code).not.toMatch(STATIC_NODE_IMPORT);
    const imports = [...new Set([...code.matchAll(/^import .* from ["']([^"']+)["'];?$/gm)].map((m) => m[1]))].sort();
    expect(imports).toEqual(['@neurite/core', '@neurite/kernels', 'fast-png', 'jpeg-js/lib/decoder.js']);
    expect(code).toContain("import(");
    // The lazily imported chunks (embedded weights, base64) import nothing at all.
    const chunks = readdirSync(dirname(dist)).filter((f) => f.endsWith('.js') && f !== 'index.js');
    expect(chunks.some((f) => f.startsWith('cats-dogs-model-'))).toBe(true);
    for (const f of chunks) expect(readFileSync(join(dirname(dist), f), 'utf8'), f).not.toMatch(/^\s*import\s/m);
  });

  it('the pattern catches what it should', () => {
    expect("import { readFile } from 'node:fs/promises';").toMatch(STATIC_NODE_IMPORT);
    expect('import fs from "fs";').toMatch(STATIC_NODE_IMPORT);
    expect("const fs = await import(specifier);").not.toMatch(STATIC_NODE_IMPORT);
  });
});
