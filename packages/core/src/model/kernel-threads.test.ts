import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { enableThreads } from '../index.js'; // as users import it: from @neurite/core
import { expect, it } from 'vitest';
import * as layers from '../layers/index.js';
import { setSeed } from '../random.js';
import { tensor } from '../tensor.js';
import { sequential } from './sequential.js';

// Whether the installed @neurite/kernels was built with its threads module (its build machine had
// rustup's wasm32-wasip1-threads target); kernels' own tests cover the other case.
const kernelsDir = dirname(dirname(createRequire(import.meta.url).resolve('@neurite/kernels')));
const built = existsSync(join(kernelsDir, 'wasm', 'neurite_kernels_threads.wasm'));

function lstmModel() {
  setSeed(3);
  const m = sequential({ seed: 7 });
  m.add(layers.embedding({ inputDim: 50, outputDim: 8, inputLength: 12 }));
  m.add(layers.lstm({ units: 16, returnSequences: true }));
  m.add(layers.lstm({ units: 8 }));
  m.add(layers.dense({ units: 1, activation: 'sigmoid' }));
  m.compile({ optimizer: 'adam', loss: 'binary_crossentropy' });
  return m;
}

it('an LSTM model trains with kernel threads as with one thread (losses to rounding, predictions of the same weights bit for bit), where the kernels have their threads build', async () => {
  if (!built) {
    expect((await enableThreads()).threads).toBe(1);
    return;
  }
  const ids = tensor(Int32Array.from({ length: 10 * 12 }, (_, i) => (i * 7919) % 50), [10, 12], 'int32');
  const y = tensor(Float32Array.from({ length: 10 }, (_, i) => i % 2), [10, 1]);
  const train = () => {
    const m = lstmModel();
    const losses = Array.from({ length: 4 }, () => m.trainOnBatch(ids, y).loss);
    return { m, losses };
  };
  const one = train();
  const before = one.m.predict(ids).data.slice();
  expect((await enableThreads()).threads).toBe(2);
  // The same weights, predicted on two threads: the forward kernels split by rows, bit for bit.
  expect(Array.from(one.m.predict(ids).data)).toEqual(Array.from(before));
  const two = train();
  // Training differs only by the halves' weight-gradient sums (rounding), which Adam carries on.
  two.losses.forEach((loss, i) => expect(Math.abs(loss - one.losses[i])).toBeLessThan(1e-4 * Math.max(1, one.losses[i])));
  expect(one.losses[3]).toBeLessThan(one.losses[0]);
});
