/**
 * Concurrency: 1,000 interleaved analyzeSentiment calls from 50 async tasks — single texts and
 * batches, a few invalid inputs, awaits between calls, all started before the shipped model has
 * loaded — give exactly the answers of the same calls made one after another.
 */
import { describe, expect, it } from 'vitest';
import { analyzeSentiment, loadSentimentAnalyzer, SentimentInputError, type SentimentResult } from './index.js';

const CALLS = 1000;
const TASKS = 50;

const TEXTS = [
  'I love this, it is wonderful!',
  'Worst customer service ever. Never flying with you again :(',
  'The flight departs at 5pm from gate 12.',
  '@united thanks for the upgrade, the crew was amazing 😍',
  'meh',
  'This movie was not good at all.',
  '',
  '   ',
  'great great great great great great great great great great great great great great great great great great great great great great great great great great great great great great great great great great great great great great great great',
  '\uD800 lone surrogate and a \u0000 control',
  'delayed again… 3 hours on the tarmac, thanks for nothing',
  'ok',
];

function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A text index (single call), a list of them (batch call) or -1 (an invalid input: a number). */
type Call = number | number[] | -1;

function pause(r: number): Promise<void> | void {
  if (r < 0.3) return;
  if (r < 0.6) return Promise.resolve();
  if (r < 0.85) return new Promise((resolve) => setImmediate(resolve));
  return new Promise((resolve) => setTimeout(resolve, 0));
}

function run(call: Call): Promise<SentimentResult | SentimentResult[]> {
  if (call === -1) return analyzeSentiment(42 as unknown as string);
  // batchSize 3 splits longer batches into several forward passes.
  return typeof call === 'number' ? analyzeSentiment(TEXTS[call]) : analyzeSentiment(call.map((k) => TEXTS[k]), { batchSize: 3 });
}

describe('1,000 interleaved analyzeSentiment calls', () => {
  it('give the same answers as sequential calls, and an invalid input fails only its own call', async () => {
    const random = rng(11);
    const plan: Call[][] = Array.from({ length: TASKS }, () => []);
    for (let i = 0; i < CALLS; i++) {
      const r = random();
      const pick = () => Math.floor(random() * TEXTS.length);
      plan[i % TASKS].push(r < 0.02 ? -1 : r < 0.7 ? pick() : Array.from({ length: 1 + Math.floor(random() * 6) }, pick));
    }

    // All tasks start together, before the shipped analyser is loaded: they share one load.
    const got = await Promise.all(
      plan.map(async (calls, task) => {
        const local = rng(200 + task);
        const out: (SentimentResult | SentimentResult[] | Error)[] = [];
        for (const call of calls) {
          await pause(local());
          out.push(await run(call).catch((e: Error) => e));
        }
        return out;
      }),
    );

    // The same calls, one after another, on an analyser of its own.
    const analyzer = await loadSentimentAnalyzer();
    const sequential = plan.map((calls) =>
      calls.map((call) => {
        if (call === -1) return null;
        return typeof call === 'number' ? analyzer.analyze(TEXTS[call]) : analyzer.analyze(call.map((k) => TEXTS[k]), { batchSize: 3 });
      }),
    );
    expect(new Set(TEXTS.map((t) => analyzer.analyze(t).label)).size).toBe(3); // the texts really differ

    let invalid = 0;
    plan.forEach((calls, task) =>
      calls.forEach((call, j) => {
        if (call === -1) {
          invalid++;
          expect(got[task][j]).toBeInstanceOf(SentimentInputError);
        } else {
          expect(got[task][j]).toEqual(sequential[task][j]);
        }
      }),
    );
    expect(invalid).toBeGreaterThan(5);
    expect(plan.flat()).toHaveLength(CALLS);
  }, 120_000);
});
