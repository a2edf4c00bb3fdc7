/**
 * A batch too large for WebAssembly memory is a typed, catchable KernelMemoryError, never a crash,
 * and the model keeps working: the next call gives the same results as before. (The kernel-level
 * cases, including an allocation failing inside a Rust kernel, are in
 * packages/kernels/src/scratch.test.ts.)
 */
import { KernelMemoryError, heapBytes, setBackend } from '@neurite/kernels';
import { describe, expect, it } from 'vitest';
import { Conv2D } from '../layers/conv2d.js';
import { GlobalAveragePooling2D } from '../layers/global-average-pooling2d.js';
import { Dense } from '../layers/dense.js';
import { Random, setSeed } from '../random.js';
import { tensor } from '../tensor.js';
import { sequential } from './sequential.js';
import { weightValues } from './fault-test-support.js';

setBackend('wasm');

describe('out of WebAssembly memory at the model level', () => {
  // Each sample's conv activations take 32×32×512 floats = 2 MiB: a batch of 1,024 needs 2 GiB of
  // scratch, more than wasm32 can allocate. The inputs themselves are small (4 MiB).
  function model() {
    setSeed(11);
    const m = sequential({ seed: 11 });
    m.add(new Conv2D({ filters: 512, kernelSize: 1, activation: 'relu', inputShape: [32, 32, 1] }));
    m.add(new GlobalAveragePooling2D());
    m.add(new Dense({ units: 2, activation: 'softmax' }));
    m.compile({ optimizer: 'sgd', loss: 'sparse_categorical_crossentropy' });
    return m;
  }
  const rng = new Random(12);
  const big = 1024;
  const x = tensor(Float32Array.from({ length: big * 32 * 32 }, () => rng.next()), [big, 32, 32, 1]);
  const y = tensor(Float32Array.from({ length: big }, (_, i) => i % 2), [big]);
  const few = tensor(x.data.slice(0, 3 * 32 * 32), [3, 32, 32, 1]);

  it('predict on a batch too large throws KernelMemoryError; the next predict gives the same answer', () => {
    const m = model();
    const before = m.predict(few).data.slice();
    const heap = heapBytes();
    let error: unknown;
    try {
      m.predict(x, { batchSize: big });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(KernelMemoryError);
    expect((error as Error).message).toMatch(/Out of WebAssembly memory.*smaller batch/);
    expect(heapBytes()).toBe(heap); // refused before growing the heap
    expect(m.predict(few).data).toEqual(before);
    // The same data in batches that fit works.
    const parts = m.predict(tensor(x.data.slice(0, 64 * 32 * 32), [64, 32, 32, 1]), { batchSize: 16 });
    expect(parts.shape).toEqual([64, 2]);
    expect(parts.data.slice(0, 6)).toEqual(before);
  });

  it('a training step on a batch too large throws KernelMemoryError and leaves the weights untouched', async () => {
    const m = model();
    const weights = weightValues(m);
    await expect(m.fit(x, y, { batchSize: big, epochs: 1, verbose: 0 })).rejects.toThrow(KernelMemoryError);
    expect(() => m.trainOnBatch(x, y)).toThrow(KernelMemoryError);
    expect(weightValues(m)).toEqual(weights);
    // Training on batches that fit proceeds and changes the weights.
    const loss = m.trainOnBatch(few, tensor([0, 1, 0], [3])).loss;
    expect(Number.isFinite(loss)).toBe(true);
    expect(weightValues(m)).not.toEqual(weights);
  });
});
