import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hasShard, readPass, shardPath, writeShard } from './feature-cache.js';

const files = ['a.jpg', 'b.jpg', 'c.jpg', 'd.jpg', 'e.jpg'];

/** Shard s of 2 holds images s, s + 2, …; image i's features are [i, 10·i]. */
function writeTwoShards(dir: string): void {
  for (let s = 0; s < 2; s++) {
    const mine = files.map((_, i) => i).filter((i) => i % 2 === s);
    writeShard(shardPath(dir, 'train', 1, s, 2), { width: 2, files: mine.map((i) => files[i]), features: Float32Array.from(mine.flatMap((i) => [i, 10 * i])) });
  }
}

describe('feature cache', () => {
  it('merges the shards of a pass back into the original image order', () => {
    const dir = mkdtempSync(join(tmpdir(), 'features-'));
    expect(hasShard(shardPath(dir, 'train', 1, 0, 2))).toBe(false);
    writeTwoShards(dir);
    expect(hasShard(shardPath(dir, 'train', 1, 0, 2))).toBe(true);
    const set = readPass(dir, 'train', 1, 2, files);
    expect(set.width).toBe(2);
    expect(Array.from(set.features)).toEqual([0, 0, 1, 10, 2, 20, 3, 30, 4, 40]);
  });

  it('refuses shards made for other files or another count of images', () => {
    const dir = mkdtempSync(join(tmpdir(), 'features-'));
    writeTwoShards(dir);
    expect(() => readPass(dir, 'train', 1, 2, ['a.jpg', 'b.jpg', 'x.jpg', 'd.jpg', 'e.jpg'])).toThrow(/image 1 is c\.jpg, expected x\.jpg/);
    expect(() => readPass(dir, 'train', 1, 2, files.slice(0, 4))).toThrow(/3 images, expected 2/);
  });
});
