/**
 * An optimizer step on the WASM kernels copies only the gradients into WASM memory: the weights
 * (resident, see resident.ts in @neurite/kernels) and the optimizer's state buffers stay there
 * between steps, written in place by the update kernels and copied out to their arrays. The
 * values must be those of the reference kernels, which write the arrays directly.
 */
import { residentStats, setBackend } from '@neurite/kernels';
import { afterEach, expect, it } from 'vitest';
import { Random } from '../random.js';
import { tensor } from '../tensor.js';
import { Variable } from '../variable.js';
import { adam, rmsprop, sgd } from './index.js';
import type { Optimizer } from './optimizer.js';

afterEach(() => setBackend('wasm'));

const rng = new Random(11);
const values = (n: number) => Float32Array.from({ length: n }, () => rng.uniform(-1, 1));
const sizes = [37, 1000, 5];
const start = sizes.map(values);
const grads = [0, 1, 2, 3].map(() => sizes.map(values));

function run(make: () => Optimizer, backend: 'wasm' | 'reference'): { weights: Float32Array[]; copied: number[] } {
  setBackend(backend);
  const vars = start.map((v) => new Variable(tensor(v.slice(), [v.length])));
  const optimizer = make();
  const copied = grads.map((g) => {
    const before = residentStats().copiedBytes;
    optimizer.applyGradients(vars.map((w, i) => ({ key: w, values: w.data as Float32Array, grad: g[i] })));
    return residentStats().copiedBytes - before;
  });
  return { weights: vars.map((w) => w.data as Float32Array), copied };
}

for (const [name, make, slots] of [['adam', () => adam(), 2], ['sgd momentum', () => sgd({ learningRate: 0.1, momentum: 0.9 }), 1], ['rmsprop', () => rmsprop({ momentum: 0.5 }), 2]] as const) {
  it(`${name}: after the first step only the gradients are copied in; values as the reference kernels'`, () => {
    const wasm = run(make, 'wasm');
    const gradBytes = sizes.reduce((n, s) => n + s * 4, 0);
    expect(wasm.copied[0]).toBe(gradBytes * (2 + slots)); // first step: weights, gradients and state
    for (const c of wasm.copied.slice(1)) expect(c).toBe(gradBytes);
    const ref = run(make, 'reference');
    wasm.weights.forEach((w, i) => {
      for (let j = 0; j < w.length; j++) expect(Math.abs(w[j] - ref.weights[i][j])).toBeLessThan(1e-6 + 1e-6 * Math.abs(ref.weights[i][j]));
    });
  });
}
