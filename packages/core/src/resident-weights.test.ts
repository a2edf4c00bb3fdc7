/**
 * Weights stay resident in WASM memory between kernel calls (Variable registers its data with
 * @neurite/kernels). These tests change the weights of a model that already predicted — through
 * assign, setWeights, every optimizer, BatchNormalization's moving statistics, loading, the
 * reference kernels — and check the next prediction uses the new values: bit for bit the answer
 * of the same kernels with residency off (every weight copied in from its array), and close to
 * the TypeScript reference kernels.
 */
import { residentStats, setBackend, setResidentLimit } from '@neurite/kernels';
import { afterEach, describe, expect, it } from 'vitest';
import { assignWeights } from './io/deserialize.js';
import { loadModel } from './io/load.js';
import { BatchNormalization } from './layers/batch-normalization.js';
import { Dense } from './layers/dense.js';
import { cnnModel, imageData, textData, textModel } from './model/fault-test-support.js';
import { sequential, type Sequential } from './model/sequential.js';
import { adamw, rmsprop, sgd } from './optimizers/index.js';
import { Random } from './random.js';
import { tensor, type Tensor } from './tensor.js';

setBackend('wasm');
const LIMIT = residentStats().limit;
afterEach(() => {
  setBackend('wasm');
  setResidentLimit(LIMIT);
});

function predict(model: Sequential, x: Tensor): Float32Array {
  return model.predict(x).data.slice() as Float32Array;
}

/** The prediction with every weight copied in from its JS array (nothing resident, so nothing stale). */
function predictFresh(model: Sequential, x: Tensor): Float32Array {
  setResidentLimit(0);
  try {
    return predict(model, x);
  } finally {
    setResidentLimit(LIMIT);
  }
}

function predictReference(model: Sequential, x: Tensor): Float32Array {
  setBackend('reference');
  try {
    return predict(model, x);
  } finally {
    setBackend('wasm');
  }
}

/**
 * Predicts and checks the answer is current; leaves every weight resident (predictFresh drops
 * the copies, so predict once more), ready for the next change to be tested.
 */
function expectCurrent(model: Sequential, x: Tensor): Float32Array {
  const got = predict(model, x);
  expect(got).toEqual(predictFresh(model, x));
  const ref = predictReference(model, x);
  for (let i = 0; i < ref.length; i++) expect(Math.abs(got[i] - ref[i])).toBeLessThan(1e-4 + 1e-4 * Math.abs(ref[i]));
  expect(predict(model, x)).toEqual(got);
  expect(residentStats().arrays).toBeGreaterThanOrEqual(model.weights.length);
  return got;
}

const images = imageData(4, 3);
const sentences = textData(4, 4);
const pairs: [string, () => Sequential, { x: Tensor; y: Tensor }][] = [
  ['CNN', () => cnnModel(1), images],
  ['LSTM', () => textModel(2), sentences],
];

describe('resident weights: predictions see every weight change', () => {
  it('keeps the weights resident: a prediction copies every weight in only with residency off', () => {
    const model = cnnModel(1);
    predict(model, images.x);
    const copiedBy = (fn: () => void): number => {
      const before = residentStats().copiedBytes;
      fn();
      return residentStats().copiedBytes - before;
    };
    const resident = copiedBy(() => predict(model, images.x));
    expect(residentStats().arrays).toBeGreaterThanOrEqual(model.weights.length);
    const fresh = copiedBy(() => predictFresh(model, images.x));
    const weightBytes = model.weights.reduce((n, w) => n + w.size * 4, 0);
    expect(fresh - resident).toBe(weightBytes); // the inputs and activations are copied either way
  });

  for (const [name, make, data] of pairs) {
    it(`${name}: Variable.assign`, () => {
      const model = make();
      const before = expectCurrent(model, data.x);
      for (const w of model.weights) w.assign(w.read().data.map((v) => v * 1.5 + 0.01) as Float32Array);
      expect(expectCurrent(model, data.x)).not.toEqual(before);
    });

    it(`${name}: setWeights from another model`, () => {
      const model = make();
      const before = expectCurrent(model, data.x);
      const other = make === pairs[0][1] ? cnnModel(7) : textModel(8);
      model.setWeights(other.getWeights());
      expect(expectCurrent(model, data.x)).toEqual(predict(other, data.x));
      expect(predict(model, data.x)).not.toEqual(before);
    });

    for (const [optName, optimizer] of [['adam', () => 'adam' as const], ['adamw', () => adamw()], ['sgd', () => sgd({ learningRate: 0.1, momentum: 0.9 })], ['rmsprop', () => rmsprop()]] as const) {
      it(`${name}: a training step with ${optName}`, () => {
        const model = make();
        model.compile({ optimizer: optimizer(), loss: name === 'CNN' ? 'sparse_categorical_crossentropy' : 'binary_crossentropy' });
        let last = expectCurrent(model, data.x);
        for (let step = 0; step < 3; step++) {
          model.trainOnBatch(data.x, data.y);
          const now = expectCurrent(model, data.x);
          expect(now).not.toEqual(last);
          last = now;
        }
      });
    }

    it(`${name}: a training step on the reference kernels, then predicting on WASM`, () => {
      const model = make();
      const before = expectCurrent(model, data.x);
      setBackend('reference');
      model.trainOnBatch(data.x, data.y);
      setBackend('wasm');
      expect(expectCurrent(model, data.x)).not.toEqual(before);
    });

    it(`${name}: loading weights into a model that already predicted`, async () => {
      const model = make();
      const other = make === pairs[0][1] ? cnnModel(9) : textModel(10);
      const loaded = await loadModel(await other.save('memory'));
      expect(expectCurrent(loaded, data.x)).toEqual(predict(other, data.x));
      const before = expectCurrent(model, data.x);
      // The loaded weights under the first model's names (same layers, same order).
      const named = new Map(model.weights.map((w, i) => [w.name, loaded.weights[i].read()] as const));
      assignWeights(model, named, 'test');
      expect(expectCurrent(model, data.x)).toEqual(predict(other, data.x));
      expect(predict(model, data.x)).not.toEqual(before);
    });
  }

  it('BatchNormalization: moving statistics updated by a training call are used by the next prediction', () => {
    const rng = new Random(5);
    const x = tensor(Float32Array.from({ length: 6 * 5 }, () => rng.next() * 4 - 1), [6, 5]);
    const model = sequential({ seed: 3 });
    model.add(new Dense({ units: 5, inputShape: [5] }));
    model.add(new BatchNormalization({ momentum: 0.5 }));
    model.compile({ optimizer: sgd({ learningRate: 0 }), loss: 'mse' }); // only the moving statistics change
    const before = expectCurrent(model, x);
    model.trainOnBatch(x, tensor(new Float32Array(6 * 5), [6, 5]));
    expect(expectCurrent(model, x)).not.toEqual(before);
  });
});
