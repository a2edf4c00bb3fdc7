/**
 * Small models and data for the memory, concurrency and fault tests: a CNN (conv2d, pooling,
 * dense) and a text model (embedding, LSTM, dense). Imported only by *.test.ts files.
 */
import { Conv2D } from '../layers/conv2d.js';
import { Dense } from '../layers/dense.js';
import { Embedding } from '../layers/embedding.js';
import { Flatten } from '../layers/flatten.js';
import { LSTM } from '../layers/lstm.js';
import { MaxPooling2D } from '../layers/pooling2d.js';
import { Random, setSeed } from '../random.js';
import { tensor, type Tensor } from '../tensor.js';
import { sequential, type Sequential } from './sequential.js';

export const IMAGE = 8;
export const CLASSES = 3;
export const VOCAB = 20;
export const STEPS = 5;

/** conv2d(4, 3×3, relu) → maxPooling2d(2) → flatten → dense(3, softmax), on 8×8×1 images; same seed, same weights. */
export function cnnModel(seed: number): Sequential {
  setSeed(seed);
  const model = sequential({ seed });
  model.add(new Conv2D({ filters: 4, kernelSize: 3, activation: 'relu', inputShape: [IMAGE, IMAGE, 1] }));
  model.add(new MaxPooling2D({ poolSize: 2 }));
  model.add(new Flatten());
  model.add(new Dense({ units: CLASSES, activation: 'softmax' }));
  model.compile({ optimizer: 'adam', loss: 'sparse_categorical_crossentropy', metrics: ['accuracy'] });
  return model;
}

/** embedding(20 → 4) → lstm(6) → dense(1, sigmoid), on sequences of 5 word ids; same seed, same weights. */
export function textModel(seed: number): Sequential {
  setSeed(seed);
  const model = sequential({ seed });
  model.add(new Embedding({ inputDim: VOCAB, outputDim: 4, inputLength: STEPS }));
  model.add(new LSTM({ units: 6 }));
  model.add(new Dense({ units: 1, activation: 'sigmoid' }));
  model.compile({ optimizer: 'adam', loss: 'binary_crossentropy', metrics: ['accuracy'] });
  return model;
}

/** n random images and class labels. */
export function imageData(n: number, seed: number): { x: Tensor; y: Tensor } {
  const rng = new Random(seed);
  const x = new Float32Array(n * IMAGE * IMAGE);
  for (let i = 0; i < x.length; i++) x[i] = rng.next();
  const y = new Float32Array(n);
  for (let i = 0; i < n; i++) y[i] = rng.int(CLASSES);
  return { x: tensor(x, [n, IMAGE, IMAGE, 1]), y: tensor(y, [n]) };
}

/** n random id sequences, labelled 1 when id 1 occurs in them. */
export function textData(n: number, seed: number): { x: Tensor; y: Tensor } {
  const rng = new Random(seed);
  const ids = new Float32Array(n * STEPS);
  const y = new Float32Array(n * 1);
  for (let i = 0; i < n; i++) {
    for (let t = 0; t < STEPS; t++) {
      ids[i * STEPS + t] = rng.int(VOCAB);
      if (ids[i * STEPS + t] === 1) y[i] = 1;
    }
  }
  return { x: tensor(ids, [n, STEPS]), y: tensor(y, [n, 1]) };
}

/** Copies of every weight's values, for exact comparisons. */
export function weightValues(model: Sequential): Float32Array[] {
  return model.getWeights().map((w) => Float32Array.from(w.data));
}
