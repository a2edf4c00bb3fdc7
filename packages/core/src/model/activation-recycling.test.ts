/**
 * Training steps that reuse their forward activations (activation-pool.ts) must train exactly as
 * steps that allocate every array, and must never overwrite an array anyone still holds.
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { residentStats, setResidentVerification } from '@neurite/kernels';
import { activationArray, collectActivations, releaseActivations, reusedActivations, setActivationRecycling } from '../activation-pool.js';
import * as layers from '../layers/index.js';
import { Layer } from '../layers/layer.js';
import { setSeed } from '../random.js';
import { valueAndGrads } from '../tape.js';
import { Tensor } from '../tensor.js';
import { randomTensor, setupBackends } from '../testing/oracle.js';
import { relu } from '../ops/index.js';
import { markKeepsNoTensors } from './recycling.js';
import { sequential } from './sequential.js';

beforeAll(setupBackends);
afterEach(() => setActivationRecycling(true));

/** Bytes copied into WASM memory while `train` runs. */
function copiedDuring(train: () => unknown): number {
  const before = residentStats().copiedBytes;
  train();
  return residentStats().copiedBytes - before;
}

/** Index of the first element that differs (-1: none); a compact failure message for large arrays. */
function firstDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return -2;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return i;
  return -1;
}

/** Keeps the last input it saw, as a user's visualisation layer might. */
class KeepInput extends Layer {
  static override className = 'KeepInput';
  kept: Tensor | null = null;
  call(x: Tensor): Tensor {
    this.kept = x;
    return x;
  }
}

/** A custom layer that keeps nothing and says so (markKeepsNoTensors), so recycling stays on. */
class DeclaredRelu extends Layer {
  static override className = 'DeclaredRelu';
  call(x: Tensor): Tensor {
    return relu(x);
  }
}
markKeepsNoTensors(DeclaredRelu);

/** Activations of 66×66 images, batch 8, are large enough to be recycled (≥ 65,536 values). */
function cnn(extra: 'none' | 'passThrough' | 'flatOutput' | 'custom' | 'declared') {
  setSeed(7); // the same initial weights every time
  const model = sequential({ seed: 7 });
  model.add(layers.conv2d({ filters: 8, kernelSize: 3, activation: 'relu', inputShape: [66, 66, 3] }));
  if (extra === 'passThrough') model.add(layers.activation({ activation: 'linear' })); // returns its input
  if (extra === 'custom') model.add(new KeepInput({}));
  if (extra === 'declared') model.add(new DeclaredRelu({}));
  model.add(layers.maxPooling2d({ poolSize: 2 }));
  if (extra === 'flatOutput') {
    // The prediction is a reshape sharing the (collected) pooling output's array, 8·32·32·8 values.
    model.add(layers.flatten());
    model.compile({ optimizer: 'adam', loss: 'mse' });
    return model;
  }
  model.add(layers.conv2d({ filters: 8, kernelSize: 3, activation: 'relu' }));
  model.add(layers.flatten());
  model.add(layers.dense({ units: 16, activation: 'relu' }));
  model.add(layers.dense({ units: 1, activation: 'sigmoid' }));
  model.compile({ optimizer: 'adam', loss: 'binary_crossentropy', metrics: ['accuracy'] });
  return model;
}

function data(extra: Parameters<typeof cnn>[0]): [Tensor, Tensor] {
  const x = randomTensor([8, 66, 66, 3], 11);
  const yShape = extra === 'flatOutput' ? [8, 32 * 32 * 8] : [8, 1];
  const y = extra === 'flatOutput' ? randomTensor(yShape, 12, 0.5) : new Tensor(Float32Array.from({ length: 8 }, (_, i) => i % 2), yShape);
  return [x, y];
}

/** Losses of `steps` trainOnBatch calls and the final weights. */
function train(extra: Parameters<typeof cnn>[0], recycle: boolean, steps = 4) {
  setActivationRecycling(recycle);
  const model = cnn(extra);
  const [x, y] = data(extra);
  const losses: number[] = [];
  for (let s = 0; s < steps; s++) losses.push(model.trainOnBatch(x, y).loss);
  return { losses, weights: model.weights.map((w) => Float32Array.from(w.data)), model, x, y };
}

describe('activation recycling in training steps', () => {
  for (const extra of ['none', 'passThrough', 'flatOutput', 'declared'] as const) {
    it(`trains bit-identically to plain allocation (${extra})`, () => {
      const plain = train(extra, false);
      const before = reusedActivations();
      const recycled = train(extra, true);
      expect(reusedActivations()).toBeGreaterThan(before); // recycling did happen
      expect(recycled.losses).toEqual(plain.losses);
      recycled.weights.forEach((w, i) => expect(firstDifference(w, plain.weights[i])).toBe(-1));
    });
  }

  it('trains an Embedding → LSTM → bidirectional LSTM model bit-identically to plain allocation, its activations read from their WASM copies', () => {
    // 16 texts of 64 ids: the embedding's output and the first LSTM's are 65,536 values each.
    // Recycled, they are resident and written in place by their kernels (activation-pool.ts);
    // verification makes any use of a stale copy throw.
    const ids = new Tensor(Int32Array.from({ length: 16 * 64 }, (_, i) => (i * 7919) % 500), [16, 64], 'int32');
    const y = new Tensor(Float32Array.from({ length: 16 }, (_, i) => i % 2), [16, 1]);
    const run = (recycle: boolean) => {
      setActivationRecycling(recycle);
      setSeed(7);
      const model = sequential({ seed: 7 });
      model.add(layers.embedding({ inputDim: 500, outputDim: 64, inputLength: 64 }));
      model.add(layers.lstm({ units: 64, returnSequences: true }));
      model.add(layers.bidirectional({ layer: layers.lstm({ units: 8 }) }));
      model.add(layers.dense({ units: 1, activation: 'sigmoid' }));
      model.compile({ optimizer: 'adam', loss: 'binary_crossentropy' });
      const losses = Array.from({ length: 4 }, () => model.trainOnBatch(ids, y).loss);
      return { losses, weights: model.weights.map((w) => Float32Array.from(w.data)) };
    };
    const plain = run(false);
    const plainCopied = copiedDuring(() => run(false));
    const before = reusedActivations();
    setResidentVerification(true);
    try {
      const recycled = run(true);
      expect(reusedActivations()).toBeGreaterThan(before);
      expect(recycled.losses).toEqual(plain.losses);
      recycled.weights.forEach((w, i) => expect(firstDifference(w, plain.weights[i])).toBe(-1));
      // Later calls read the embedding's and the LSTMs' outputs from their copies: over 4 steps
      // 20 arrays of 65,536 values are not copied in (12 if the kernels wrote them to scratch space).
      expect(copiedDuring(() => run(true))).toBeLessThan(plainCopied - 16 * 65536 * 4);
    } finally {
      setResidentVerification(false);
    }
  });

  it('predict reuses its activations between batches and calls, with the same outputs, leaving earlier results intact', () => {
    const model = cnn('none');
    const x = randomTensor([24, 66, 66, 3], 13);
    setActivationRecycling(false);
    const plain = model.predict(x, { batchSize: 8 });
    setActivationRecycling(true);
    const before = reusedActivations();
    const first = model.predict(x, { batchSize: 8 });
    const kept = Float32Array.from(first.data);
    const second = model.predict(randomTensor([24, 66, 66, 3], 14), { batchSize: 8 });
    expect(reusedActivations()).toBeGreaterThan(before);
    expect(firstDifference(first.data, plain.data)).toBe(-1);
    expect(firstDifference(first.data, kept)).toBe(-1); // the second call did not write into the first's result
    expect(firstDifference(second.data, first.data)).not.toBe(-1);
  });

  it('leaves x and y unchanged through trainOnBatch and fit', async () => {
    const model = cnn('passThrough');
    const [x, y] = data('passThrough');
    const x0 = Float32Array.from(x.data);
    const y0 = Float32Array.from(y.data);
    for (let s = 0; s < 3; s++) model.trainOnBatch(x, y);
    await model.fit(x, y, { epochs: 2, batchSize: 8, verbose: 0 });
    expect(firstDifference(x.data, x0)).toBe(-1);
    expect(firstDifference(y.data, y0)).toBe(-1);
  });

  it('gives the same predictions after training, and further steps do not change them', () => {
    const plain = train('none', false);
    const recycled = train('none', true);
    const pPlain = plain.model.predict(plain.x) as Tensor;
    const p = recycled.model.predict(recycled.x) as Tensor;
    expect(p.data).toEqual(pPlain.data);
    const copy = Float32Array.from(p.data);
    for (let s = 0; s < 2; s++) recycled.model.trainOnBatch(recycled.x, recycled.y);
    expect(p.data).toEqual(copy);
  });

  it('is off for a model with a custom layer, whose kept tensor stays intact', () => {
    const model = cnn('custom');
    const [x, y] = data('custom');
    model.trainOnBatch(x, y);
    const keeper = model.layers.find((l) => l instanceof KeepInput) as KeepInput;
    const kept = keeper.kept!;
    const copy = Float32Array.from(kept.data);
    for (let s = 0; s < 3; s++) model.trainOnBatch(x, y);
    expect(keeper.kept).not.toBe(kept);
    expect(firstDifference(kept.data, copy)).toBe(-1);
  });
});

describe('activation pool', () => {
  const big = (1 << 16) + 5; // a length no model above uses, so their spares do not interfere
  /** Allocates `n` activation arrays while a tape records, as forward ops do in a training step. */
  function step(n: number): Float32Array[] {
    const w = randomTensor([1], 1);
    const { arrays } = collectActivations(() =>
      valueAndGrads(() => {
        for (let i = 0; i < n; i++) activationArray(big);
        return w;
      }, [w]),
    );
    return arrays;
  }

  it('hands released arrays out again, each once', () => {
    const [a, b] = step(2);
    releaseActivations([a, b, a], []);
    const next = step(3);
    expect(new Set(next).size).toBe(3);
    expect(next.filter((t) => t === a || t === b)).toHaveLength(2);
  });

  it('never recycles an array whose buffer is in use (same array or a view of it)', () => {
    const [a, b, c] = step(3);
    releaseActivations([a, b, c], [a, b.subarray(10, 20)]);
    const next = step(3);
    expect(next).not.toContain(a);
    expect(next).not.toContain(b);
    expect(next).toContain(c);
  });

  it('allocates new arrays outside a collection, when not recording, and for small lengths', () => {
    const [a] = step(1);
    releaseActivations([a], []);
    expect(activationArray(big)).not.toBe(a); // no collection
    const { arrays } = collectActivations(() => [activationArray(big), activationArray(100)]); // not recording
    expect(arrays).toHaveLength(0);
    expect(step(1)[0]).toBe(a);
  });
});
