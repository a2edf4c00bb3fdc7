/**
 * Concurrency: 300 interleaved classifyImage calls from 30 async tasks — single images and
 * batches, PNG, JPEG and raw-pixel inputs, a few undecodable ones, with awaits between calls, all
 * started before the shipped model has loaded — give exactly the answers of sequential calls.
 */
import { describe, expect, it } from 'vitest';
import { classifyImage, ImageDecodeError, loadImageClassifier, type Classification, type ImageInput } from './index.js';
import { drawCritter, pngOf } from './test-support/drawings.js';
import { encodeJpeg } from './test-support/fixtures.js';

// (1,000 calls from 50 tasks until the shipped model became a 224 px EfficientNet-Lite0, ~20× the work per image.)
const CALLS = 300;
const TASKS = 30;

/** 12 different pictures in three encodings (sizes differ, so resizing differs too). */
function makeInputs(): ImageInput[] {
  const inputs: ImageInput[] = [];
  for (let seed = 0; seed < 12; seed++) {
    const w = 24 + seed * 5;
    const h = 20 + ((seed * 7) % 30);
    const rgba = drawCritter(w, h, seed);
    if (seed % 3 === 0) inputs.push(pngOf(w, h, rgba));
    else if (seed % 3 === 1) inputs.push(encodeJpeg(w, h, rgba, 90));
    else inputs.push({ width: w, height: h, data: new Uint8ClampedArray(rgba) });
  }
  return inputs;
}

/** mulberry32, so the interleaving is the same on every run. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** One planned call: input indices (one index, not an array, for a single call), or -1 for broken bytes. */
type Call = number | number[] | -1;

const BROKEN = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]); // a PNG cut after its signature

/** Yields to the event loop in one of several ways, so the tasks' calls interleave differently. */
function pause(r: number): Promise<void> | void {
  if (r < 0.3) return;
  if (r < 0.6) return Promise.resolve();
  if (r < 0.85) return new Promise((resolve) => setImmediate(resolve));
  return new Promise((resolve) => setTimeout(resolve, 0));
}

describe('300 interleaved classifyImage calls', () => {
  it('give the same answers as sequential calls, and a bad input fails only its own call', async () => {
    const inputs = makeInputs();
    const random = rng(7);
    const plan: Call[][] = Array.from({ length: TASKS }, () => []);
    for (let i = 0; i < CALLS; i++) {
      const r = random();
      const pick = () => Math.floor(random() * inputs.length);
      const call: Call = r < 0.02 ? -1 : r < 0.8 ? pick() : Array.from({ length: 1 + Math.floor(random() * 3) }, pick);
      plan[i % TASKS].push(call);
    }

    // Started together, before the shipped classifier is loaded: they all share one load.
    const started = performance.now();
    const got = await Promise.all(
      plan.map(async (calls, task) => {
        const local = rng(100 + task);
        const out: (Classification | Classification[] | Error)[] = [];
        for (const call of calls) {
          await pause(local());
          const request = call === -1 ? classifyImage(BROKEN) : typeof call === 'number' ? classifyImage(inputs[call]) : classifyImage(call.map((k) => inputs[k]), { batchSize: 2 });
          out.push(await request.catch((e: Error) => e));
        }
        return out;
      }),
    );
    const concurrentMs = performance.now() - started;

    // Sequentially, one picture at a time, with a classifier of its own.
    const classifier = await loadImageClassifier();
    const expected: Classification[] = [];
    for (const input of inputs) expected.push(await classifier.classify(input));
    expect(new Set(expected.map((e) => e.scores.dog)).size).toBeGreaterThan(6); // the pictures really differ

    let broken = 0;
    plan.forEach((calls, task) =>
      calls.forEach((call, j) => {
        const answer = got[task][j];
        if (call === -1) {
          broken++;
          expect(answer).toBeInstanceOf(ImageDecodeError);
        } else if (typeof call === 'number') {
          expect(answer).toEqual(expected[call]);
        } else {
          expect(answer).toEqual(call.map((k) => expected[k])); // bit-identical, batched or not
        }
      }),
    );
    expect(broken).toBeGreaterThan(2);
    expect(plan.flat()).toHaveLength(CALLS);
    console.log(`${CALLS} interleaved classifyImage calls: ${concurrentMs.toFixed(0)} ms`);
  }, 240_000);
});
