import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { encodeJpeg } from '../../src/test-support/fixtures.js';
import { loadOrBuildCache } from './pixel-cache.js';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'neurite-pixel-cache-'));
  dirs.push(d);
  return d;
}

/** A folder <root>/{cat,dog}/ with one flat-coloured 8×8 JPEG per entry of `shades`. */
function imageFolder(shades: { cat: number[]; dog: number[] }): string {
  const root = tempDir();
  for (const label of ['cat', 'dog'] as const) {
    mkdirSync(join(root, label));
    shades[label].forEach((v, i) => writeFileSync(join(root, label, `${label}.${i}.jpg`), encodeJpeg(8, 8, new Uint8Array(8 * 8 * 4).fill(v))));
  }
  return root;
}

describe('loadOrBuildCache', () => {
  it('reuses a cache built from the same folder and rebuilds it when the folder differs', () => {
    const cacheDir = tempDir();
    const first = imageFolder({ cat: [20], dog: [230] });
    const a = loadOrBuildCache(first, 'set', 4, 'squash', ['cat', 'dog'], cacheDir);
    expect([...a.y]).toEqual([0, 1]);
    expect(a.pixels[0]).toBeLessThan(40);

    // Same name, another folder with other images: the old pixels must not be returned.
    const second = imageFolder({ cat: [230, 230, 230], dog: [20] });
    const b = loadOrBuildCache(second, 'set', 4, 'squash', ['cat', 'dog'], cacheDir);
    expect([...b.y]).toEqual([0, 0, 0, 1]);
    expect(b.pixels[0]).toBeGreaterThan(210);

    // Unchanged folder: served from the cache (identical content).
    const c = loadOrBuildCache(second, 'set', 4, 'squash', ['cat', 'dog'], cacheDir);
    expect(c.files).toEqual(b.files);
    expect(Buffer.from(c.pixels).equals(Buffer.from(b.pixels))).toBe(true);
  });
});
