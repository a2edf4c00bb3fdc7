/**
 * `tsx scripts/bench-classify.ts`: time per image of the shipped classifier on decoded 500×375
 * pictures (drawn, not photos): resize + forward, one image at a time and in batches of 32, and
 * with explain. Medians of 5 runs after a warm-up.
 */
import { loadImageClassifier, type RgbaImage } from '../src/index.js';
import { drawCritter } from '../src/test-support/drawings.js';

const classifier = await loadImageClassifier();
const images: RgbaImage[] = Array.from({ length: 32 }, (_, i) => ({ width: 500, height: 375, data: drawCritter(500, 375, i) }));
const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function time(label: string, run: () => void): void {
  run();
  const ms: number[] = [];
  for (let r = 0; r < 5; r++) {
    const t = performance.now();
    run();
    ms.push((performance.now() - t) / images.length);
  }
  console.log(`${label}: ${median(ms).toFixed(2)} ms per image`);
}

time('one at a time', () => images.forEach((im) => classifier.classifyPixels([im])));
time('batches of 32', () => classifier.classifyPixels(images, { batchSize: 32 }));
time('batches of 32, explain', () => classifier.classifyPixels(images, { batchSize: 32, explain: true }));
