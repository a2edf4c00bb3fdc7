// Test-only image generators. Every test image is made here at run time.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { encode as encodeJpegJs } from 'jpeg-js';
import { encode as encodePng } from 'fast-png';

/** A w×h RGBA image with four solid quadrants: red, green / blue, white. */
export function quadrants(w: number, h: number): Uint8Array {
  const data = new Uint8Array(w * h * 4);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const q = (y < h / 2 ? 0 : 2) + (x < w / 2 ? 0 : 1);
      const rgb = [[255, 0, 0], [0, 255, 0], [0, 0, 255], [255, 255, 255]][q];
      data.set([...rgb, 255], (y * w + x) * 4);
    }
  }
  return data;
}

export function encodeJpeg(width: number, height: number, rgba: Uint8Array, quality = 95): Uint8Array {
  return new Uint8Array(encodeJpegJs({ width, height, data: rgba }, quality).data);
}

export function sampleJpeg(): Uint8Array {
  return encodeJpeg(32, 24, quadrants(32, 24));
}

export function samplePng(): Uint8Array {
  return encodePng({ width: 8, height: 6, data: quadrants(8, 6), channels: 4, depth: 8 });
}

/** RGBA at (x, y). */
export function pixel(image: { width: number; data: ArrayLike<number> }, x: number, y: number): number[] {
  const i = (y * image.width + x) * 4;
  return [image.data[i], image.data[i + 1], image.data[i + 2], image.data[i + 3]];
}

export const DATASET_DIR = '/work/shared/data/cats-dogs/train/cat';

/** The first few dataset photos (read in place, never copied), or [] when the data is absent. */
export function datasetPhotos(count: number): { name: string; bytes: Uint8Array }[] {
  if (!existsSync(DATASET_DIR)) return [];
  return readdirSync(DATASET_DIR).filter((f) => f.endsWith('.jpg')).sort().slice(0, count)
    .map((name) => ({ name, bytes: new Uint8Array(readFileSync(`${DATASET_DIR}/${name}`)) }));
}
