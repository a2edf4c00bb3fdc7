/**
 * "Users of predict/fit never call dispose()": after warm-up, 10,000 predictions and 1,000
 * training steps leave the WASM heap at exactly the same size and the JS heap (after a full GC)
 * within a small bound. Runs on the WASM kernels.
 */
import { heapBytes, setBackend } from '@neurite/kernels';
import { describe, expect, it } from 'vitest';
import { cnnModel, imageData, textData, textModel } from './fault-test-support.js';

setBackend('wasm');

/** Full GC (vitest.config.ts starts the test workers with --expose-gc). */
function collect(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (typeof gc !== 'function') throw new Error('global.gc is missing: run vitest with --expose-gc (see vitest.config.ts).');
  gc();
  gc();
}

function jsHeap(): { heapUsed: number; arrayBuffers: number } {
  collect();
  const m = process.memoryUsage();
  return { heapUsed: m.heapUsed, arrayBuffers: m.arrayBuffers };
}

describe('steady memory without dispose()', () => {
  it('10,000 predictions and 1,000 training steps on a CNN and an LSTM model do not grow the WASM heap', () => {
    const cnn = cnnModel(1);
    const text = textModel(2);
    const images = imageData(4, 3);
    const sentences = textData(4, 4);
    const predictOne = [imageData(1, 5).x, textData(1, 6).x];
    const run = (predictions: number, steps: number): void => {
      for (let i = 0; i < predictions; i++) (i % 2 === 0 ? cnn : text).predict(predictOne[i % 2]);
      for (let i = 0; i < steps; i++) {
        if (i % 2 === 0) cnn.trainOnBatch(images.x, images.y);
        else text.trainOnBatch(sentences.x, sentences.y);
      }
      cnn.predict(images.x); // the batch sizes of both paths, every round
      text.predict(sentences.x);
    };

    run(20, 20); // warm-up: the scratch arena and Rust's own buffers reach their largest size
    const wasmBefore = heapBytes();
    const jsBefore = jsHeap();
    const reference = [cnn.predict(images.x).data.slice(), text.predict(sentences.x).data.slice()];

    run(10_000, 1_000);

    expect(heapBytes()).toBe(wasmBefore);
    const jsAfter = jsHeap();
    // Nothing is retained per call: one leaked tensor per prediction or step (a Tensor, its shape
    // and a typed array: several hundred bytes of JS heap, plus its data) would exceed these
    // bounds by far. The slack absorbs V8's and vitest's own bookkeeping.
    expect(jsAfter.heapUsed - jsBefore.heapUsed).toBeLessThan(1.5 * 2 ** 20);
    expect(jsAfter.arrayBuffers - jsBefore.arrayBuffers).toBeLessThan(256 * 1024);
    // The models trained, so their outputs moved (the loop really ran the training path).
    expect(cnn.predict(images.x).data).not.toEqual(reference[0]);
    expect(text.predict(sentences.x).data).not.toEqual(reference[1]);
  });
});
