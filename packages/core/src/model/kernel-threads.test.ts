import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { getBackendName, splitCalls } from '@neurite/kernels';
import { enableThreads } from '../index.js'; // as users import it: from @neurite/core
import { expect, it } from 'vitest';
import * as layers from '../layers/index.js';
import { adam } from '../optimizers/index.js';
import { setSeed } from '../random.js';
import { tensor } from '../tensor.js';
import { sequential } from './sequential.js';

// Whether the installed @neurite/kernels was built with its threads module (its build machine had
// rustup's wasm32-wasip1-threads target); kernels' own tests cover the other case.
const kernelsDir = dirname(dirname(createRequire(import.meta.url).resolve('@neurite/kernels')));
const built = existsSync(join(kernelsDir, 'wasm', 'neurite_kernels_threads.wasm'));

// Layers big enough that their kernel calls split (≥ 2²³ operations each).
const [batch, steps] = [16, 40];

function lstmModel() {
  setSeed(3);
  const m = sequential({ seed: 7 });
  m.add(layers.embedding({ inputDim: 50, outputDim: 32, inputLength: steps }));
  m.add(layers.lstm({ units: 64, returnSequences: true }));
  m.add(layers.lstm({ units: 32 }));
  m.add(layers.dense({ units: 1, activation: 'sigmoid' }));
  m.compile({ optimizer: 'adam', loss: 'binary_crossentropy' });
  return m;
}

function cnnModel() {
  setSeed(5);
  const m = sequential({ seed: 9 });
  m.add(layers.conv2d({ filters: 16, kernelSize: 3, activation: 'relu', inputShape: [34, 34, 8] }));
  m.add(layers.maxPooling2d({ poolSize: 2 }));
  m.add(layers.flatten());
  m.add(layers.dense({ units: 256, activation: 'relu' }));
  m.add(layers.dense({ units: 1, activation: 'sigmoid' }));
  m.compile({ optimizer: adam({ learningRate: 1e-4 }), loss: 'binary_crossentropy' });
  return m;
}

it('an LSTM model and a CNN train with kernel threads as with one thread (losses to rounding, predictions of the same weights bit for bit, their big kernel calls split), where the kernels have their threads build', async () => {
  if (!built) {
    expect((await enableThreads()).threads).toBe(1);
    return;
  }
  if (getBackendName() !== 'wasm') return; // NEURITE_KERNELS=reference: the reference kernels never split
  const ids = tensor(Int32Array.from({ length: batch * steps }, (_, i) => (i * 7919) % 50), [batch, steps], 'int32');
  const y = tensor(Float32Array.from({ length: batch }, (_, i) => i % 2), [batch, 1]);
  const images = tensor(Float32Array.from({ length: 8 * 34 * 34 * 8 }, (_, i) => Math.sin(i * 0.37)), [8, 34, 34, 8]);
  const labels = tensor(Float32Array.from({ length: 8 }, (_, i) => i % 2), [8, 1]);
  const train = () => {
    const lstm = lstmModel();
    const cnn = cnnModel();
    return {
      lstm,
      lstmLosses: Array.from({ length: 4 }, () => lstm.trainOnBatch(ids, y).loss),
      cnnLosses: Array.from({ length: 3 }, () => cnn.trainOnBatch(images, labels).loss),
    };
  };
  const one = train();
  const before = one.lstm.predict(ids).data.slice();
  expect((await enableThreads()).threads).toBe(2);
  // The same weights, predicted on two threads: the forward kernels split by rows, bit for bit.
  const calls = splitCalls();
  expect(Array.from(one.lstm.predict(ids).data)).toEqual(Array.from(before));
  expect(splitCalls()).toBeGreaterThan(calls);
  const two = train();
  // LSTM: each step's two forward and two backward calls; CNN: the fused conv + pool forward and
  // backward, the big dense layer's forward and its two gradient products.
  expect(splitCalls() - calls).toBeGreaterThanOrEqual(1 + 4 * 4 + 3 * 5);
  // Training differs only by the halves' weight-gradient sums (rounding), which Adam carries on.
  const close = (a: number[], b: number[]) => a.forEach((loss, i) => expect(Math.abs(loss - b[i])).toBeLessThan(1e-4 * Math.max(1, b[i])));
  close(two.lstmLosses, one.lstmLosses);
  close(two.cnnLosses, one.cnnLosses);
  expect(one.lstmLosses[3]).toBeLessThan(one.lstmLosses[0]);
  expect(one.cnnLosses[2]).toBeLessThan(one.cnnLosses[0]);
});
