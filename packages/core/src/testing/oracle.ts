/**
 * Test helpers (not part of the public API): kernel backend choice, tfjs oracle setup and
 * closeness assertions.
 */
import { setBackend } from '@neurite/kernels';
import * as tf from '@tensorflow/tfjs';
import { expect } from 'vitest';
import { Random } from '../random.js';
import { Tensor } from '../tensor.js';

/** Uses the WASM kernels; NEURITE_KERNELS=reference runs the suite on the TypeScript reference kernels. */
export async function setupBackends(): Promise<string> {
  const name = process.env.NEURITE_KERNELS === 'reference' ? 'reference' : 'wasm';
  setBackend(name);
  await tf.setBackend('cpu');
  return name;
}

/** Random float32 values in [-1, 1) from a seed. */
export function randomTensor(shape: number[], seed: number, scale = 1): Tensor {
  const rng = new Random(seed);
  const n = shape.reduce((a, b) => a * b, 1);
  return new Tensor(Float32Array.from({ length: n }, () => rng.uniform(-scale, scale)), shape, 'float32');
}

export function toTf(t: Tensor): tf.Tensor {
  return tf.tensor(t.data, t.shape, t.dtype);
}

/** |a − e| ≤ rtol·max(|e|, scale) element-wise, where scale is the largest |e| (relative to the tensor's magnitude). */
export function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, rtol = 1e-4, what = 'values'): void {
  expect(actual.length, `${what}: length`).toBe(expected.length);
  let scale = 0;
  for (let i = 0; i < expected.length; i++) scale = Math.max(scale, Math.abs(expected[i]));
  const floor = Math.max(scale * 1e-2, 1e-6);
  let worst = 0;
  let at = -1;
  for (let i = 0; i < expected.length; i++) {
    const err = Math.abs(actual[i] - expected[i]) / Math.max(Math.abs(expected[i]), floor);
    if (!(err <= worst)) {
      worst = err;
      at = i;
    }
  }
  expect(worst, `${what}: worst relative error at ${at} (actual ${actual[at]}, expected ${expected[at]})`).toBeLessThanOrEqual(rtol);
}

export function expectTensorClose(actual: Tensor, expected: tf.Tensor, rtol = 1e-4, what = 'tensor'): void {
  expect(actual.shape, `${what}: shape`).toEqual(expected.shape);
  expectClose(actual.data, expected.dataSync(), rtol, what);
}
