// What the tarballs contain, checked on the installed copies: every export target exists, the
// built JS has no eval/new Function (forbidden in workerd and strict CSPs), and no sources ship.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { nodeImports } from './harness/bundle.js';
import { consumerDir } from './harness/consumer.js';

interface Manifest {
  name: string;
  exports?: unknown;
  files?: string[];
}

function installed(): Array<{ dir: string; manifest: Manifest }> {
  const consumer = JSON.parse(readFileSync(join(consumerDir(), 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
  return Object.keys(consumer.dependencies).map((name) => {
    const dir = join(consumerDir(), 'node_modules', name);
    return { dir, manifest: JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Manifest };
  });
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(join(dir, e.name)) : [join(dir, e.name)]));
}

function exportTargets(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (value && typeof value === 'object') return Object.values(value).flatMap(exportTargets);
  return [];
}

describe('packed packages', () => {
  it('ship every file their exports map names', () => {
    for (const { dir, manifest } of installed()) {
      const targets = exportTargets(manifest.exports);
      expect(targets.length, manifest.name).toBeGreaterThan(0);
      for (const target of targets) expect(statSync(join(dir, target)).size, `${manifest.name}: ${target}`).toBeGreaterThan(0);
    }
  });

  it('ship built files only: no TypeScript sources or tests', () => {
    for (const { dir, manifest } of installed()) {
      const shipped = filesUnder(dir).map((f) => relative(dir, f));
      expect(shipped.filter((f) => /(^src\/|\.test\.|(?<!\.d)\.ts$)/.test(f)), manifest.name).toEqual([]);
    }
  });

  it('contain no eval or new Function in the built JavaScript', () => {
    let checked = 0;
    for (const { dir, manifest } of installed()) {
      for (const file of filesUnder(dir).filter((f) => /\.(m|c)?js$/.test(f))) {
        const code = readFileSync(file, 'utf8');
        const hits = code.match(/\beval\s*\(|\bnew\s+Function\s*\(|(?<![\w.$])Function\s*\(\s*['"`]/g) ?? [];
        expect(hits, `${manifest.name}: ${relative(dir, file)}`).toEqual([]);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(0);
  });

  it('keep the inlined base64 .wasm out of the workerd and edge-light entries of @neurite/kernels', () => {
    const dist = join(consumerDir(), 'node_modules', '@neurite', 'kernels', 'dist');
    const longBase64 = /[A-Za-z0-9+/]{4096}/;
    expect(readFileSync(join(dist, 'index.js'), 'utf8')).toMatch(longBase64);
    for (const [entry, specifier] of [['workerd.js', '../wasm/neurite_kernels.wasm'], ['edge-light.js', '../wasm/neurite_kernels.wasm?module']]) {
      const code = readFileSync(join(dist, entry!), 'utf8');
      expect(code, entry).not.toMatch(longBase64);
      expect(code, entry).toContain(`from "${specifier}"`);
    }
  });

  it("give @neurite/core a portable build without `node:` imports for workerd, edge-light and browser", () => {
    const dir = join(consumerDir(), 'node_modules', '@neurite', 'core');
    const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { exports: Record<string, Record<string, string>> };
    for (const [subpath, conditions] of Object.entries(manifest.exports)) {
      if (typeof conditions === 'string') continue;
      expect(Object.keys(conditions)[0], `${subpath}: types first`).toBe('types');
      for (const condition of ['workerd', 'edge-light', 'browser']) expect(conditions[condition], `${subpath} ${condition}`).toMatch(/^\.\/dist\/portable\//);
      expect(conditions.default, `${subpath} default`).not.toMatch(/portable/);
    }
    const js = (under: string) => filesUnder(join(dir, under)).filter((f) => f.endsWith('.js'));
    const full = js('dist').filter((f) => !f.includes('/portable/'));
    // The full build (Node, Deno) reaches Node's modules for file paths; the portable one never does.
    expect(full.flatMap((f) => nodeImports(readFileSync(f, 'utf8'))).length).toBeGreaterThan(0);
    expect(js('dist/portable').length).toBeGreaterThan(0);
    for (const f of js('dist/portable')) expect(nodeImports(readFileSync(f, 'utf8')), relative(dir, f)).toEqual([]);
  });
});
