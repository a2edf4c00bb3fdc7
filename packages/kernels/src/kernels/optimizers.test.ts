import { it, expect, beforeAll } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { describeKernels, expectClose, randomFloats } from '../test-support.js';
import { KernelArgumentError } from '../check.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const N = 11; // not a multiple of 4
const STEPS = 5;
const grads = Array.from({ length: STEPS }, (_, s) => randomFloats(N, 500 + s, -2, 2));

/** Runs `optimizer` for STEPS steps on a tfjs variable starting at `start`; returns the final values. */
function tfjsRun(optimizer: tf.Optimizer, start: Float32Array): Float32Array {
  const v = tf.variable(tf.tensor1d(start));
  for (const g of grads) optimizer.applyGradients({ [v.name]: tf.tensor1d(g) });
  return v.dataSync() as Float32Array;
}

describeKernels('optimizers', (k) => {
  it('adamUpdate matches tf.train.adam over several steps', () => {
    const param = randomFloats(N, 1);
    const expected = tfjsRun(tf.train.adam(0.01, 0.9, 0.999, 1e-7), param);
    const m = new Float32Array(N);
    const v = new Float32Array(N);
    grads.forEach((g, s) => k.adamUpdate(param, g, m, v, 0.01, 0.9, 0.999, 1e-7, s + 1, 0));
    expectClose(param, expected, 1e-5, 1e-6);
  });

  it('adamUpdate with weightDecay is AdamW: decoupled decay p -= lr·wd·p before the Adam step', () => {
    const lr = 0.1;
    const wd = 0.05;
    const param = new Float32Array([2, -3, 0.5, 0]);
    const grad = new Float32Array([0.5, 0.5, -1, 0]);
    const m = new Float32Array(4);
    const v = new Float32Array(4);
    k.adamUpdate(param, grad, m, v, lr, 0.9, 0.999, 1e-8, 1, wd);
    // Step 1: m̂ = g, v̂ = g², so the Adam step is lr·sign(g) (0 where g = 0).
    const hand = [2 * (1 - lr * wd) - lr, -3 * (1 - lr * wd) - lr, 0.5 * (1 - lr * wd) + lr, 0];
    expectClose(param, hand, 1e-5, 1e-6);
    // Several steps equal plain Adam applied to the decayed parameters.
    const p1 = randomFloats(N, 2);
    const p2 = p1.slice();
    const state = [new Float32Array(N), new Float32Array(N), new Float32Array(N), new Float32Array(N)];
    grads.forEach((g, s) => {
      k.adamUpdate(p1, g, state[0], state[1], lr, 0.9, 0.999, 1e-7, s + 1, wd);
      for (let i = 0; i < N; i++) p2[i] -= lr * wd * p2[i];
      k.adamUpdate(p2, g, state[2], state[3], lr, 0.9, 0.999, 1e-7, s + 1, 0);
    });
    expectClose(p1, p2, 1e-5, 1e-6);
  });

  for (const nesterov of [false, true]) {
    it(`sgdUpdate matches tf.train.momentum (nesterov ${nesterov}) over several steps`, () => {
      // tfjs keeps acc = momentum·acc + g and steps p -= lr·acc; with a constant lr that is
      // exactly Keras' v = momentum·v - lr·g (v = -lr·acc), so tfjs is a valid oracle here.
      const param = randomFloats(N, 3);
      const expected = tfjsRun(tf.train.momentum(0.05, 0.9, nesterov), param);
      const velocity = new Float32Array(N);
      for (const g of grads) k.sgdUpdate(param, g, velocity, 0.05, 0.9, nesterov);
      expectClose(param, expected, 1e-5, 1e-6);
    });
  }

  it('sgdUpdate without momentum matches tf.train.sgd', () => {
    const param = randomFloats(N, 4);
    const expected = tfjsRun(tf.train.sgd(0.1), param);
    const velocity = new Float32Array(N);
    for (const g of grads) k.sgdUpdate(param, g, velocity, 0.1, 0, false);
    expectClose(param, expected, 1e-5, 1e-6);
  });

  for (const momentum of [0, 0.8]) {
    it(`rmspropUpdate matches tf.train.rmsprop (momentum ${momentum}) over several steps`, () => {
      const param = randomFloats(N, 5);
      const expected = tfjsRun(tf.train.rmsprop(0.01, 0.9, momentum, 1e-7), param);
      const ms = new Float32Array(N);
      const mom = new Float32Array(N);
      for (const g of grads) k.rmspropUpdate(param, g, ms, mom, 0.01, 0.9, momentum, 1e-7);
      expectClose(param, expected, 1e-4, 1e-6);
    });
  }

  it('rejects state buffers of the wrong length and a step below 1', () => {
    const p = new Float32Array(4);
    expect(() => k.adamUpdate(p, p, new Float32Array(3), p.slice(), 0.1, 0.9, 0.999, 1e-7, 1, 0)).toThrow(KernelArgumentError);
    expect(() => k.adamUpdate(p, p.slice(), p.slice(), p.slice(), 0.1, 0.9, 0.999, 1e-7, 0, 0)).toThrow(KernelArgumentError);
    expect(() => k.sgdUpdate(p, new Float32Array(5), p.slice(), 0.1, 0.9, false)).toThrow(KernelArgumentError);
    expect(() => k.rmspropUpdate(p, p.slice(), p.slice(), new Float32Array(2), 0.1, 0.9, 0, 1e-7)).toThrow(KernelArgumentError);
  });
});
