import { it, expect, beforeAll } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { describeKernels, expectClose, randomFloats } from '../test-support.js';
import { KernelArgumentError } from '../check.js';
import type { KernelSet } from '../kernel-set.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

interface Weights { kernel: Float64Array; recurrent: Float64Array; bias: Float64Array }

/** An independent float64 Keras LSTM: returns every step's h [batch, steps, units]. */
function lstmFloat64(x: Float64Array, w: Weights, batch: number, steps: number, inDim: number, u: number): Float64Array {
  const sig = (z: number): number => 1 / (1 + Math.exp(-z));
  const hs = new Float64Array(batch * steps * u);
  for (let b = 0; b < batch; b++) {
    let h = new Float64Array(u);
    let c = new Float64Array(u);
    for (let t = 0; t < steps; t++) {
      const z = Float64Array.from(w.bias);
      for (let j = 0; j < 4 * u; j++) {
        for (let k = 0; k < inDim; k++) z[j] += x[(b * steps + t) * inDim + k] * w.kernel[k * 4 * u + j];
        for (let k = 0; k < u; k++) z[j] += h[k] * w.recurrent[k * 4 * u + j];
      }
      const hNew = new Float64Array(u);
      const cNew = new Float64Array(u);
      for (let j = 0; j < u; j++) {
        cNew[j] = sig(z[u + j]) * c[j] + sig(z[j]) * Math.tanh(z[2 * u + j]);
        hNew[j] = sig(z[3 * u + j]) * Math.tanh(cNew[j]);
      }
      h = hNew;
      c = cNew;
      hs.set(h, (b * steps + t) * u);
    }
  }
  return hs;
}

function setup(batch: number, steps: number, inDim: number, u: number, seed: number) {
  return {
    x: randomFloats(batch * steps * inDim, seed, -1, 1),
    kernel: randomFloats(inDim * 4 * u, seed + 1, -0.6, 0.6),
    recurrent: randomFloats(u * 4 * u, seed + 2, -0.6, 0.6),
    bias: randomFloats(4 * u, seed + 3, -0.3, 0.3),
  };
}

/**
 * lstmForward then lstmBackward for the loss Σ r·h (so dh = r) on `setup`'s inputs. Returns the
 * kernel's gradients, float64 copies of the inputs and the float64 loss over those copies, for
 * finite differences. The gradient buffers start at 5: lstmBackward must overwrite them.
 */
function bpttCase(k: KernelSet, batch: number, steps: number, inDim: number, u: number, seed: number, r: Float32Array) {
  const s = setup(batch, steps, inDim, u, seed);
  const n = batch * steps * u;
  const h = new Float32Array(n);
  const cells = k.lstmForward(s.x, s.kernel, s.recurrent, s.bias, h, batch, steps, inDim, u);
  const dx = new Float32Array(s.x.length).fill(5);
  const dkernel = new Float32Array(s.kernel.length).fill(5);
  const drec = new Float32Array(s.recurrent.length).fill(5);
  const dbias = new Float32Array(s.bias.length).fill(5);
  k.lstmBackward(s.x, s.kernel, s.recurrent, h, cells, r, dx, dkernel, drec, dbias, batch, steps, inDim, u);
  const x64 = Float64Array.from(s.x);
  const w: Weights = { kernel: Float64Array.from(s.kernel), recurrent: Float64Array.from(s.recurrent), bias: Float64Array.from(s.bias) };
  const loss = (): number => lstmFloat64(x64, w, batch, steps, inDim, u).reduce((acc, v, i) => acc + v * r[i], 0);
  return { dx, dkernel, drec, dbias, x64, w, loss };
}

/** d loss / d arr[i] by central differences (arr is restored). */
function centralDifference(arr: Float64Array, i: number, loss: () => number, eps = 1e-6): number {
  const v = arr[i];
  arr[i] = v + eps;
  const up = loss();
  arr[i] = v - eps;
  const down = loss();
  arr[i] = v;
  return (up - down) / (2 * eps);
}

describeKernels('lstm', (k) => {
  for (const [batch, steps, inDim, u] of [[2, 4, 3, 5], [3, 5, 8, 4], [1, 7, 6, 9]]) {
    it(`forward matches tf.layers.lstm (batch ${batch}, steps ${steps}, in ${inDim}, units ${u})`, () => {
      const s = setup(batch, steps, inDim, u, batch * 1000 + u);
      const h = new Float32Array(batch * steps * u);
      const { c, gates } = k.lstmForward(s.x, s.kernel, s.recurrent, s.bias, h, batch, steps, inDim, u).read();

      const layer = tf.layers.lstm({ units: u, returnSequences: true, returnState: true, recurrentActivation: 'sigmoid' });
      const input = tf.tensor3d(s.x, [batch, steps, inDim]);
      layer.apply(input); // builds the layer (random weights), replaced next
      layer.setWeights([tf.tensor2d(s.kernel, [inDim, 4 * u]), tf.tensor2d(s.recurrent, [u, 4 * u]), tf.tensor1d(s.bias)]);
      const [seq, , cLast] = layer.apply(input) as tf.Tensor[];
      expectClose(h, seq.dataSync(), 1e-4, 1e-5);
      const cLastOurs = new Float32Array(batch * u);
      for (let b = 0; b < batch; b++) cLastOurs.set(c.subarray(((b + 1) * steps - 1) * u, (b + 1) * steps * u), b * u);
      expectClose(cLastOurs, cLast.dataSync(), 1e-4, 1e-5);
      // gates hold post-activation values: i, f, o in (0, 1), g in (-1, 1)
      for (let i = 0; i < gates.length; i++) {
        const gate = Math.floor((i % (4 * u)) / u);
        expect(gates[i] > (gate === 2 ? -1 : 0) && gates[i] < 1).toBe(true);
      }
    });
  }

  for (const [batch, steps, inDim, u] of [[2, 3, 3, 5], [3, 5, 4, 3], [2, 4, 6, 7]]) {
    it(`backward (BPTT) matches float64 finite differences (batch ${batch}, steps ${steps}, in ${inDim}, units ${u})`, () => {
      // Loss = Σ r·h with some outputs unused (r = 0 there), so dh = r.
      const r = randomFloats(batch * steps * u, 99);
      for (let i = 0; i < r.length; i += 3) r[i] = 0;
      const g = bpttCase(k, batch, steps, inDim, u, 77 + u, r);
      const numeric = (arr: Float64Array): number[] => Array.from(arr, (_, i) => centralDifference(arr, i, g.loss));
      expectClose(g.dx, numeric(g.x64), 1e-3, 1e-5);
      expectClose(g.dkernel, numeric(g.w.kernel), 1e-3, 1e-5);
      expectClose(g.drec, numeric(g.w.recurrent), 1e-3, 1e-5);
      expectClose(g.dbias, numeric(g.w.bias), 1e-3, 1e-5);
    });
  }

  // Shapes for the fused kernels' edge paths: batch 1 and odd batches (single-row tiles), units
  // not a multiple of 4 or 16 (partial unit blocks and panels), and enough batch × steps × units
  // that the input projection is computed in several chunks of steps.
  for (const [batch, steps, inDim, u] of [[1, 12, 5, 3], [5, 9, 7, 17], [9, 60, 11, 33]]) {
    it(`forward matches a float64 LSTM (batch ${batch}, steps ${steps}, in ${inDim}, units ${u})`, () => {
      const s = setup(batch, steps, inDim, u, 500 + u);
      const n = batch * steps * u;
      const h = new Float32Array(n);
      k.lstmForward(s.x, s.kernel, s.recurrent, s.bias, h, batch, steps, inDim, u);
      const w: Weights = { kernel: Float64Array.from(s.kernel), recurrent: Float64Array.from(s.recurrent), bias: Float64Array.from(s.bias) };
      expectClose(h, lstmFloat64(Float64Array.from(s.x), w, batch, steps, inDim, u), 1e-4, 1e-5);
    });

    it(`predict writes lstmForward's h bit for bit, every step or the last (batch ${batch}, steps ${steps}, in ${inDim}, units ${u})`, () => {
      const s = setup(batch, steps, inDim, u, 900 + u);
      const n = batch * steps * u;
      const h = new Float32Array(n);
      k.lstmForward(s.x, s.kernel, s.recurrent, s.bias, h, batch, steps, inDim, u);
      const every = new Float32Array(n).fill(7);
      k.lstmPredict(s.x, s.kernel, s.recurrent, s.bias, every, batch, steps, inDim, u, true);
      expect(every).toEqual(h);
      const last = new Float32Array(batch * u).fill(7);
      k.lstmPredict(s.x, s.kernel, s.recurrent, s.bias, last, batch, steps, inDim, u, false);
      for (let b = 0; b < batch; b++) expect(last.subarray(b * u, (b + 1) * u)).toEqual(h.subarray(((b + 1) * steps - 1) * u, (b + 1) * steps * u));
    });
  }

  it('backward matches float64 finite differences across panels, odd batch and long sums (batch 9, steps 30, in 3, units 17)', () => {
    const [batch, steps, inDim, u] = [9, 30, 3, 17];
    const g = bpttCase(k, batch, steps, inDim, u, 4242, randomFloats(batch * steps * u, 4343));
    // A sample of entries of each gradient (every 7th), by central differences.
    const check = (arr: Float64Array, got: Float32Array): void => {
      for (let i = 0; i < arr.length; i += 7) expectClose([got[i]], [centralDifference(arr, i, g.loss)], 1e-3, 1e-4);
    };
    check(g.w.kernel, g.dkernel);
    check(g.w.recurrent, g.drec);
    check(g.w.bias, g.dbias);
    check(g.x64, g.dx);
  });

  it('predict rejects a wrong h length and a last step of an empty sequence', () => {
    const s = setup(2, 3, 4, 5, 1);
    expect(() => k.lstmPredict(s.x, s.kernel, s.recurrent, s.bias, new Float32Array(30), 2, 3, 4, 5, false)).toThrow(KernelArgumentError);
    expect(() => k.lstmPredict(s.x, s.kernel, s.recurrent, s.bias, new Float32Array(10), 2, 3, 4, 5, true)).toThrow(KernelArgumentError);
    expect(() => k.lstmPredict(new Float32Array(0), s.kernel, s.recurrent, s.bias, new Float32Array(10), 2, 0, 4, 5, false)).toThrow(/steps ≥ 1/);
  });

  it('rejects buffers that do not match the shape', () => {
    const s = setup(2, 3, 4, 5, 1);
    const h = new Float32Array(30);
    expect(() => k.lstmForward(s.x, s.kernel, s.recurrent, s.bias, h, 2, 3, 4, 6)).toThrow(KernelArgumentError);
    expect(() => k.lstmForward(s.x, s.kernel, s.recurrent, new Float32Array(19), h, 2, 3, 4, 5)).toThrow(KernelArgumentError);
    const cells = k.lstmForward(s.x, s.kernel, s.recurrent, s.bias, h, 2, 3, 4, 5);
    const grads = () => [new Float32Array(24), new Float32Array(80), new Float32Array(100), new Float32Array(20)] as const;
    expect(() => k.lstmBackward(s.x, s.kernel, s.recurrent, h, cells, h, new Float32Array(24), new Float32Array(80), new Float32Array(100), new Float32Array(19), 2, 3, 4, 5)).toThrow(KernelArgumentError);
    // Cells of another forward pass's shape (batch 1).
    const other = k.lstmForward(s.x.subarray(0, 12), s.kernel, s.recurrent, s.bias, new Float32Array(15), 1, 3, 4, 5);
    expect(() => k.lstmBackward(s.x, s.kernel, s.recurrent, h, other, h, ...grads(), 2, 3, 4, 5)).toThrow(/cells must be what lstmForward returned for batch 2/);
  });
});
