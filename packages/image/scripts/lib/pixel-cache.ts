/**
 * Decode + resize every image of a labelled folder once into `<cacheDir>/<name>-<side>.bin`
 * (uint8 RGB, n × side × side × 3) with a JSON index beside it, so training epochs never re-decode
 * JPEGs. The cache lives outside the repository (default ~/.cache/neurite). A cache is reused only
 * for the same folder with the same files of the same sizes; otherwise it is rebuilt.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { decodeSync, resizeToSquare, type Fit } from '../../src/index.js';
import { listFolder } from './folder-dataset.js';

export interface PixelSet {
  side: number;
  labels: string[];
  /** Label index per image. */
  y: Uint8Array;
  /** n × side × side × 3 bytes. */
  pixels: Uint8Array;
  files: string[];
}

export const DEFAULT_CACHE_DIR = join(homedir(), '.cache', 'neurite');

export function loadOrBuildCache(root: string, name: string, side: number, fit: Fit, labels: readonly string[], cacheDir = DEFAULT_CACHE_DIR): PixelSet {
  const base = join(cacheDir, `${name}-${fit}-${side}`);
  const fingerprint = folderFingerprint(root, labels);
  if (existsSync(`${base}.json`) && existsSync(`${base}.bin`)) {
    const index = JSON.parse(readFileSync(`${base}.json`, 'utf8')) as { fingerprint?: string; labels: string[]; y: number[]; files: string[] };
    const pixels = new Uint8Array(readFileSync(`${base}.bin`));
    if (index.fingerprint === fingerprint && pixels.length === index.y.length * side * side * 3) {
      return { side, labels: index.labels, y: Uint8Array.from(index.y), pixels, files: index.files };
    }
  }
  const set = buildPixelSet(root, side, fit, labels);
  mkdirSync(cacheDir, { recursive: true });
  writeAtomically(`${base}.bin`, set.pixels);
  writeAtomically(`${base}.json`, JSON.stringify({ root, fingerprint, labels: set.labels, y: [...set.y], files: set.files }));
  return set;
}

/** The folder, its labels and every file's path and size: a cache built from anything else is stale. */
function folderFingerprint(root: string, labels: readonly string[]): string {
  const { files } = listFolder(root, labels);
  const listing = JSON.stringify([root, labels, files.map((f) => [f.path, f.label, statSync(f.path).size])]);
  return createHash('sha256').update(listing).digest('hex');
}

function writeAtomically(path: string, data: Uint8Array | string): void {
  writeFileSync(`${path}.tmp`, data);
  renameSync(`${path}.tmp`, path);
}

export function buildPixelSet(root: string, side: number, fit: Fit, labels: readonly string[]): PixelSet {
  const { files } = listFolder(root, labels);
  const per = side * side * 3;
  const pixels = new Uint8Array(files.length * per);
  const y = new Uint8Array(files.length);
  files.forEach((f, i) => {
    const img = resizeToSquare(decodeSync(readFileSync(f.path), { decoder: 'js' }), { size: side, fit });
    const d = img.data;
    for (let j = 0; j < per; j++) pixels[i * per + j] = Math.round(d[j] * 255);
    y[i] = f.label;
  });
  return { side, labels: [...labels], y, pixels, files: files.map((f) => f.path) };
}

/** Every k-th image, so that at most about `count` remain (both classes kept: files are sorted by label). */
export function subset(set: PixelSet, count: number): PixelSet {
  const n = set.y.length;
  if (!(count < n)) return set;
  const k = Math.ceil(n / count);
  const keep = Array.from({ length: Math.ceil(n / k) }, (_, i) => i * k);
  const per = set.side * set.side * 3;
  const pixels = new Uint8Array(keep.length * per);
  keep.forEach((j, i) => pixels.set(set.pixels.subarray(j * per, (j + 1) * per), i * per));
  return { ...set, y: Uint8Array.from(keep, (j) => set.y[j]), pixels, files: keep.map((j) => set.files[j]) };
}
