/**
 * The two tutorial programs in /work/main/examples, built with their own buildModel() and shown to
 * LEARN on small generated tasks. The CNN runs on 32×32 inputs instead of the tutorial's 150×150
 * to keep the suite fast; the architecture is otherwise unchanged.
 */
import { initSync, setBackend } from '@neurite/kernels';
import { beforeEach, describe, expect, it } from 'vitest';
import { buildModel as buildCnn, syntheticImages } from '../../../../examples/cats-vs-dogs-cnn.js';
import { buildModel as buildLstm } from '../../../../examples/sentiment-lstm.js';
import { resetLayerNames } from '../layers/layer.js';
import { Random, setSeed } from '../random.js';
import { tensor, type Tensor } from '../tensor.js';

// The default WASM SIMD kernels (the reference kernels give the same numbers, ~10× slower).
initSync();
setBackend('wasm');

beforeEach(() => {
  resetLayerNames();
  setSeed(2024);
});

/** Sequences of ids in [2, vocab); positives contain the 'great' token (id 1) somewhere. */
function sentimentTask(samples: number, vocab: number, maxLen: number, seed: number): { x: Tensor; y: Tensor } {
  const rng = new Random(seed);
  const x = new Int32Array(samples * maxLen);
  const y = new Float32Array(samples);
  for (let n = 0; n < samples; n++) {
    for (let t = 0; t < maxLen; t++) x[n * maxLen + t] = 2 + rng.int(vocab - 2);
    if (n % 2 === 1) {
      y[n] = 1;
      x[n * maxLen + rng.int(maxLen)] = 1;
    }
  }
  return { x: tensor(x, [samples, maxLen], 'int32'), y: tensor(y, [samples, 1]) };
}

describe('cats-vs-dogs CNN (examples/cats-vs-dogs-cnn.ts)', () => {
  it('has the tutorial architecture at 150×150×3', () => {
    const model = buildCnn();
    expect(model.layers.map((l) => l.getClassName())).toEqual(['Conv2D', 'MaxPooling2D', 'Conv2D', 'MaxPooling2D', 'Conv2D', 'MaxPooling2D', 'Flatten', 'Dense', 'Dense']);
    // Spatial 150→148→74→72→36→34→17; Flatten 17·17·128 = 36992. Params: conv 896 + 18,496 +
    // 73,856; Dense 36992·512 + 512 = 18,940,416; Dense 513 → 19,034,177 (what Keras' summary shows).
    expect(model.outputShape).toEqual([null, 1]);
    const summary = model.summary(null);
    expect(summary).toContain(' flatten (Flatten)           (None, 36992)             0');
    expect(summary).toContain('(None, 17, 17, 128)');
    expect(summary).toContain('Total params: 19,034,177');
    expect(model.countParams()).toBe(19034177);
  });

  it('learns bright-square vs plain images at 32×32: loss falls, accuracy rises', async () => {
    const model = buildCnn([32, 32, 3]);
    const { x, y } = syntheticImages(48, 32, 7);
    const before = model.evaluate(x, y);
    const history = await model.fit(x, y, { epochs: 12, batchSize: 16, verbose: 0 });
    const loss = history.history.loss;
    const after = model.evaluate(x, y);
    expect(loss[loss.length - 1]).toBeLessThan(loss[0] * 0.25);
    expect(history.history.accuracy[loss.length - 1]).toBeGreaterThan(history.history.accuracy[0] + 0.3);
    expect(after.loss).toBeLessThan(before.loss * 0.25);
    expect(after.accuracy).toBeGreaterThanOrEqual(0.95);
    const test = syntheticImages(32, 32, 99);
    expect(model.evaluate(test.x, test.y).accuracy).toBeGreaterThanOrEqual(0.9);
  }, 60_000);
});

describe('sentiment LSTM (examples/sentiment-lstm.ts)', () => {
  it('has the tutorial architecture', () => {
    const model = buildLstm({ vocabSize: 10000, embeddingDim: 32, maxLen: 100 });
    expect(model.layers.map((l) => l.getClassName())).toEqual(['Embedding', 'LSTM', 'LSTM', 'Dense']);
    expect(model.outputShape).toEqual([null, 1]);
    // Embedding 10000·32; LSTM 4·64·(32+64+1); LSTM 4·32·(64+32+1); Dense 33.
    expect(model.countParams()).toBe(320000 + 24832 + 12416 + 33);
  });

  it("learns 'contains the positive token' vs not: loss falls, accuracy rises", async () => {
    const model = buildLstm({ vocabSize: 20, embeddingDim: 8, maxLen: 10 });
    const { x, y } = sentimentTask(128, 20, 10, 3);
    const history = await model.fit(x, y, { epochs: 25, batchSize: 16, verbose: 0, validationSplit: 0.25 });
    const { loss, accuracy } = history.history;
    expect(loss[loss.length - 1]).toBeLessThan(loss[0] * 0.5);
    expect(accuracy[accuracy.length - 1]).toBeGreaterThanOrEqual(0.9);
    const test = sentimentTask(64, 20, 10, 77);
    expect(model.evaluate(test.x, test.y).accuracy).toBeGreaterThanOrEqual(0.85);
  }, 60_000);

  it('is deterministic: two fits with the same seed give bit-identical weights', async () => {
    const { x, y } = sentimentTask(32, 20, 10, 5);
    const run = async (): Promise<Float32Array[]> => {
      resetLayerNames();
      setSeed(31);
      const model = buildLstm({ vocabSize: 20, embeddingDim: 4, maxLen: 10 });
      await model.fit(x, y, { epochs: 2, batchSize: 8, verbose: 0 });
      return model.getWeights().map((w) => w.data as Float32Array);
    };
    const a = await run();
    const b = await run();
    expect(a.length).toBe(b.length);
    a.forEach((w, i) => expect(Buffer.from(w.buffer).equals(Buffer.from(b[i].buffer))).toBe(true));
  }, 60_000);
});
