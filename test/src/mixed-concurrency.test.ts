/**
 * 1,000 classifyImage and analyzeSentiment calls interleaved from 40 async tasks — both models share
 * one WASM instance and its scratch memory — give exactly the answers of the same calls made one
 * after another. Runs on the workspace packages in this Node process (the packed copies are
 * exercised per runtime by the other tests here).
 */
import { describe, expect, it } from 'vitest';
import { classifyImage, loadImageClassifier, type Classification } from '@neurite/image';
import { analyzeSentiment, loadSentimentAnalyzer, type SentimentResult } from '@neurite/text';

const CALLS = 1000;
const TASKS = 40;
const SIDE = 24;

const TEXTS = [
  'I love this, it is wonderful!',
  'Worst customer service ever. Never flying with you again :(',
  'The flight departs at 5pm from gate 12.',
  'This movie was not good at all.',
  'thanks for the upgrade, the crew was amazing',
  'delayed again, three hours on the tarmac',
];

/** Small RGBA pictures that differ from each other: gradients with a seed-dependent tilt. */
const PICTURES = Array.from({ length: 6 }, (_, k) => {
  const data = new Uint8ClampedArray(SIDE * SIDE * 4);
  for (let y = 0; y < SIDE; y++) {
    for (let x = 0; x < SIDE; x++) {
      const i = (y * SIDE + x) * 4;
      data[i] = (x * (k + 3) * 7) % 256;
      data[i + 1] = (y * (k + 2) * 11) % 256;
      data[i + 2] = ((x + y) * (k + 1) * 5) % 256;
      data[i + 3] = 255;
    }
  }
  return { data, width: SIDE, height: SIDE };
});

function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pause(r: number): Promise<void> | void {
  if (r < 0.3) return;
  if (r < 0.65) return Promise.resolve();
  return new Promise((resolve) => setImmediate(resolve));
}

type Call = { kind: 'image' | 'text'; index: number };

describe('1,000 interleaved classifyImage and analyzeSentiment calls', () => {
  it('give the same answers as the same calls made one after another', async () => {
    const random = rng(5);
    const plan: Call[][] = Array.from({ length: TASKS }, () => []);
    for (let i = 0; i < CALLS; i++) {
      const kind = random() < 0.5 ? 'image' : 'text';
      const index = Math.floor(random() * (kind === 'image' ? PICTURES.length : TEXTS.length));
      plan[i % TASKS].push({ kind, index });
    }

    const got = await Promise.all(
      plan.map(async (calls, task) => {
        const local = rng(1000 + task);
        const out: (Classification | SentimentResult)[] = [];
        for (const call of calls) {
          await pause(local());
          out.push(call.kind === 'image' ? await classifyImage(PICTURES[call.index]) : await analyzeSentiment(TEXTS[call.index]));
        }
        return out;
      }),
    );

    const classifier = await loadImageClassifier();
    const analyzer = await loadSentimentAnalyzer();
    const images: Classification[] = [];
    for (const picture of PICTURES) images.push(await classifier.classify(picture));
    const texts: SentimentResult[] = [];
    for (const text of TEXTS) texts.push(await analyzer.analyze(text));
    expect(new Set(images.map((r) => r.scores.dog)).size).toBe(PICTURES.length); // the pictures really differ
    expect(new Set(texts.map((r) => r.label)).size).toBeGreaterThan(1);

    plan.forEach((calls, task) => {
      calls.forEach((call, i) => {
        expect(got[task][i]).toEqual(call.kind === 'image' ? images[call.index] : texts[call.index]);
      });
    });
  }, 300_000);
});
