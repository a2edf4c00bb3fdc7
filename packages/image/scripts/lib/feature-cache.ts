/**
 * Backbone features of one pass over a split (`pass` 0: the plain images; 1, 2, …: seeded
 * augmentations), cached as float32 n × features in `<cacheDir>/<backbone>/<split>-pass<k>.bin`
 * with a JSON index listing the files in order. A pass is computed in shards by several processes
 * (image i belongs to shard i mod shards), each written atomically, then merged on reading.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface FeatureSet {
  features: Float32Array;
  /** Features per image. */
  width: number;
  files: string[];
}

export function shardPath(dir: string, split: string, pass: number, shard: number, shards: number): string {
  return join(dir, `${split}-pass${pass}-shard${shard}of${shards}`);
}

export function writeShard(base: string, set: FeatureSet): void {
  mkdirSync(join(base, '..'), { recursive: true });
  writeFileSync(`${base}.bin.tmp`, new Uint8Array(set.features.buffer, set.features.byteOffset, set.features.byteLength));
  renameSync(`${base}.bin.tmp`, `${base}.bin`);
  writeFileSync(`${base}.json.tmp`, JSON.stringify({ width: set.width, files: set.files }));
  renameSync(`${base}.json.tmp`, `${base}.json`);
}

export function hasShard(base: string): boolean {
  return existsSync(`${base}.json`) && existsSync(`${base}.bin`);
}

/** Reads the shards of one pass and puts the images back in their original order. */
export function readPass(dir: string, split: string, pass: number, shards: number, files: readonly string[]): FeatureSet {
  let width = 0;
  let features = new Float32Array(0);
  for (let s = 0; s < shards; s++) {
    const base = shardPath(dir, split, pass, s, shards);
    const index = JSON.parse(readFileSync(`${base}.json`, 'utf8')) as { width: number; files: string[] };
    const bytes = readFileSync(`${base}.bin`);
    const shard = new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
    const expected = Math.ceil((files.length - s) / shards);
    if (index.files.length !== expected || shard.length !== expected * index.width) throw new Error(`${base}: ${index.files.length} images, expected ${expected}; delete ${dir} and rerun.`);
    if (s === 0) {
      width = index.width;
      features = new Float32Array(files.length * width);
    }
    index.files.forEach((file, j) => {
      const i = s + j * shards;
      if (files[i] !== file) throw new Error(`${base}: image ${j} is ${file}, expected ${files[i]}; delete ${dir} and rerun.`);
      features.set(shard.subarray(j * width, (j + 1) * width), i * width);
    });
  }
  return { features, width, files: [...files] };
}
