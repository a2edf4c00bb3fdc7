import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { setBackend } from '@neurite/kernels';
import { beforeAll, describe, expect, it } from 'vitest';
import { UnknownNameError, ValueError } from '../errors.js';
import { Adam, AdamW, adam, adamw, get, RMSprop, rmsprop, SGD, sgd, type Optimizer } from './index.js';

// The optimizer update kernels land in the reference set first; the WASM twins are tested in kernels.
setBackend('reference');

/** Deterministic pseudo-random values in [-1, 1). */
function values(n: number, seed: number): Float32Array {
  const out = new Float32Array(n);
  let s = seed;
  for (let i = 0; i < n; i++) {
    s = (s * 1103515245 + 12345) % 2147483648;
    out[i] = (s / 2147483648) * 2 - 1;
  }
  return out;
}

const N = 7; // not a multiple of 4

/** Runs `steps` updates on two weights with our optimizer; the gradients differ every step. */
function runOurs(opt: Optimizer, steps: number): Float32Array[] {
  const keys = [{}, {}];
  const params = [values(N, 1), values(3, 2)];
  for (let s = 0; s < steps; s++) {
    opt.applyGradients(params.map((p, i) => ({ key: keys[i], values: p, grad: values(p.length, 100 + s * 10 + i) })));
  }
  return params;
}

/** The same with a tfjs optimizer. */
function runTf(opt: tf.Optimizer, steps: number): Float32Array[] {
  const vars = [tf.variable(tf.tensor1d(values(N, 1)), true, `w${Math.random()}`), tf.variable(tf.tensor1d(values(3, 2)), true, `b${Math.random()}`)];
  for (let s = 0; s < steps; s++) {
    const grads: Record<string, tf.Tensor> = {};
    vars.forEach((v, i) => (grads[v.name] = tf.tensor1d(values(v.size, 100 + s * 10 + i))));
    opt.applyGradients(grads);
  }
  return vars.map((v) => v.dataSync() as Float32Array);
}

function expectClose(a: Float32Array[], b: Float32Array[], tol = 1e-6): void {
  expect(a.length).toBe(b.length);
  a.forEach((arr, i) => arr.forEach((x, j) => expect(Math.abs(x - b[i][j])).toBeLessThanOrEqual(tol)));
}

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('optimizers against tfjs', () => {
  it('Adam (Keras defaults) matches tf.train.adam over 5 steps', () => {
    expectClose(runOurs(adam(), 5), runTf(tf.train.adam(0.001, 0.9, 0.999, 1e-7), 5));
  });

  it('Adam with custom hyper-parameters matches tfjs', () => {
    const ours = runOurs(adam({ learningRate: 0.05, beta1: 0.8, beta2: 0.99, epsilon: 1e-4 }), 6);
    expectClose(ours, runTf(tf.train.adam(0.05, 0.8, 0.99, 1e-4), 6), 1e-5);
  });

  it('SGD matches tf.train.sgd', () => {
    expectClose(runOurs(sgd(), 4), runTf(tf.train.sgd(0.01), 4));
  });

  it('SGD with momentum matches tf.train.momentum', () => {
    expectClose(runOurs(sgd({ learningRate: 0.1, momentum: 0.9 }), 5), runTf(tf.train.momentum(0.1, 0.9), 5), 1e-5);
  });

  it('SGD with Nesterov momentum matches tf.train.momentum(useNesterov)', () => {
    const ours = runOurs(sgd({ learningRate: 0.1, momentum: 0.9, nesterov: true }), 5);
    expectClose(ours, runTf(tf.train.momentum(0.1, 0.9, true), 5), 1e-5);
  });

  it('RMSprop matches tf.train.rmsprop, with and without momentum', () => {
    expectClose(runOurs(rmsprop(), 5), runTf(tf.train.rmsprop(0.001, 0.9, 0, 1e-7), 5));
    const ours = runOurs(rmsprop({ learningRate: 0.01, rho: 0.8, momentum: 0.5 }), 5);
    expectClose(ours, runTf(tf.train.rmsprop(0.01, 0.8, 0.5, 1e-7), 5), 1e-5);
  });
});

describe('AdamW (hand-derived; tfjs has none)', () => {
  it('decays the weight by lr·wd·p before the Adam step', () => {
    const opt = adamw({ learningRate: 0.1, weightDecay: 0.5 });
    const p = new Float32Array([2]);
    const key = {};
    // Step 1: p ← 2 - 0.1·0.5·2 = 1.9; m̂ = g, v̂ = g², so the Adam step is -lr·g/(|g|+ε) ≈ -0.1.
    opt.applyGradients([{ key, values: p, grad: new Float32Array([4]) }]);
    expect(p[0]).toBeCloseTo(1.9 - 0.1, 6);
    // Step 2, g = 4 again: m̂ = 4, v̂ = 16 → step -0.1 again; decay 0.1·0.5·1.8 = 0.09.
    opt.applyGradients([{ key, values: p, grad: new Float32Array([4]) }]);
    expect(p[0]).toBeCloseTo(1.8 - 0.09 - 0.1, 6);
  });

  it('has the Keras 3 defaults', () => {
    const opt = new AdamW();
    expect(opt.weightDecay).toBe(0.004);
    expect(opt.getConfig()).toEqual({ learning_rate: 0.001, beta_1: 0.9, beta_2: 0.999, epsilon: 1e-7, weight_decay: 0.004 });
  });
});

describe('optimizer state and learning rate', () => {
  it('keeps separate state per weight and counts iterations', () => {
    const opt = sgd({ learningRate: 1, momentum: 0.5 });
    const a = new Float32Array([0]);
    const b = new Float32Array([0]);
    const ka = {};
    const kb = {};
    opt.applyGradients([{ key: ka, values: a, grad: new Float32Array([1]) }]);
    opt.applyGradients([
      { key: ka, values: a, grad: new Float32Array([1]) },
      { key: kb, values: b, grad: new Float32Array([1]) },
    ]);
    // a: v = -1, then v = -0.5 - 1 = -1.5 → a = -2.5; b has fresh velocity: -1.
    expect(a[0]).toBeCloseTo(-2.5, 6);
    expect(b[0]).toBeCloseTo(-1, 6);
    expect(opt.iterations).toBe(2);
  });

  it('evaluates a schedule at the current step', () => {
    const seen: number[] = [];
    const opt = sgd({ learningRate: (step) => (seen.push(step), 0.1 / (step + 1)) });
    const p = new Float32Array([0]);
    for (let i = 0; i < 3; i++) opt.applyGradients([{ key: p, values: p, grad: new Float32Array([1]) }]);
    expect(seen).toEqual([0, 1, 2]);
    expect(p[0]).toBeCloseTo(-(0.1 + 0.05 + 0.1 / 3), 6);
  });

  it('rejects bad hyper-parameters and bad schedule outputs with ValueError', () => {
    expect(() => adam({ learningRate: -1 })).toThrow(ValueError);
    expect(() => adam({ beta1: 1 })).toThrow(/beta1/);
    expect(() => sgd({ momentum: Number.NaN })).toThrow(ValueError);
    const opt = sgd({ learningRate: () => Number.NaN });
    const p = new Float32Array(1);
    expect(() => opt.applyGradients([{ key: p, values: p, grad: new Float32Array(1) }])).toThrow(/schedule returned NaN at step 0/);
    expect(() => sgd().applyGradients([{ key: p, values: p, grad: new Float32Array(2) }])).toThrow(ValueError);
  });
});

describe('optimizers.get', () => {
  it('resolves Keras names case-insensitively with Keras defaults', () => {
    expect(get('adam')).toBeInstanceOf(Adam);
    expect(get('Adam').getConfig()).toEqual({ learning_rate: 0.001, beta_1: 0.9, beta_2: 0.999, epsilon: 1e-7 });
    expect(get('adamw')).toBeInstanceOf(AdamW);
    expect(get('sgd')).toBeInstanceOf(SGD);
    expect(get('sgd').getConfig()).toEqual({ learning_rate: 0.01, momentum: 0, nesterov: false });
    expect(get('rmsprop')).toBeInstanceOf(RMSprop);
    expect(get('rmsprop').getConfig()).toEqual({ learning_rate: 0.001, rho: 0.9, momentum: 0, epsilon: 1e-7 });
  });

  it('passes an optimizer instance through', () => {
    const opt = sgd();
    expect(get(opt)).toBe(opt);
  });

  it('lists the known names for an unknown one', () => {
    expect(() => get('adamax')).toThrow(UnknownNameError);
    expect(() => get('adamax')).toThrow("Unknown optimizer 'adamax'. Known optimizers: adam, adamw, sgd, rmsprop.");
    expect(() => get('constructor')).toThrow(UnknownNameError);
  });
});
