/**
 * All WASM kernels share one scratch arena. Every kernel wrapper copies in, runs and copies out
 * synchronously (no await between put and take), so async callers interleave only between kernel
 * calls: 1,000 interleaved predictions on two models, with a fit running alongside, give exactly
 * the answers of sequential calls.
 */
import { setBackend } from '@neurite/kernels';
import { describe, expect, it } from 'vitest';
import { sliceRows } from './data.js';
import { cnnModel, imageData, textData, textModel, weightValues } from './fault-test-support.js';

setBackend('wasm');

const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('interleaved async calls', () => {
  it('1,000 interleaved predictions on two models, alongside a fit, equal sequential results', async () => {
    const cnn = cnnModel(1);
    const text = textModel(2);
    const images = imageData(50, 3);
    const sentences = textData(50, 4);
    const calls = 1000;
    // Batches of 1 to 3 samples, so calls differ in size as well as in model and data.
    const input = (i: number) => {
      const start = Math.floor(i / 2) % 48;
      return sliceRows(i % 2 === 0 ? images.x : sentences.x, start, start + 1 + (i % 3));
    };
    const model = (i: number) => (i % 2 === 0 ? cnn : text);

    const sequential: Float32Array[] = [];
    for (let i = 0; i < calls; i++) sequential.push(model(i).predict(input(i)).data as Float32Array);
    const fitAlone = textModel(5);
    await fitAlone.fit(sentences.x, sentences.y, { epochs: 2, batchSize: 8, verbose: 0 });

    // The same work, interleaved: each task yields to the event loop at different points, and a fit
    // on a third model yields after every batch.
    const fitTogether = textModel(5);
    let done = 0;
    const seenByFit: number[] = [];
    const onBatchEnd = (): Promise<void> => {
      seenByFit.push(done);
      return tick();
    };
    const fitting = fitTogether.fit(sentences.x, sentences.y, { epochs: 2, batchSize: 8, verbose: 0, callbacks: [{ onBatchEnd }] });
    const tasks = Array.from({ length: calls }, async (_, i) => {
      for (let k = 0; k < i % 4; k++) await tick();
      const first = model(i).predict(input(i));
      await (i % 3 === 0 ? tick() : Promise.resolve());
      const second = model(i).predict(input(i));
      done++;
      return [first.data, second.data];
    });
    const results = await Promise.all(tasks);
    await fitting;

    results.forEach(([first, second], i) => {
      expect(first).toEqual(sequential[i]);
      expect(second).toEqual(sequential[i]);
    });
    expect(weightValues(fitTogether)).toEqual(weightValues(fitAlone));
    // The fit really ran between predictions: some of its batches saw part of them finished.
    expect(seenByFit.some((n) => n > 0 && n < calls)).toBe(true);
  });
});
