import { afterEach, describe, expect, it } from 'vitest';
import { KernelArgumentError } from '../check.js';
import type { KernelSet } from '../kernel-set.js';
import { markResident, releaseResident } from '../resident.js';
import { describeKernels, randomFloats } from '../test-support.js';
import { wasmKernels } from './index.js';

interface Case { batch: number; steps: number; vocab: number; inDim: number; units: number; units2: number }

function setup(c: Case, seed: number) {
  const ids = new Int32Array(c.batch * c.steps);
  for (let i = 0; i < ids.length; i++) ids[i] = (i * 5 + seed) % c.vocab;
  return {
    ids,
    embeddings: randomFloats(c.vocab * c.inDim, seed, -1, 1),
    kernel: randomFloats(c.inDim * 4 * c.units, seed + 1, -0.6, 0.6),
    recurrent: randomFloats(c.units * 4 * c.units, seed + 2, -0.6, 0.6),
    bias: randomFloats(4 * c.units, seed + 3, -0.3, 0.3),
    kernel2: randomFloats(c.units * 4 * c.units2, seed + 4, -0.6, 0.6),
    recurrent2: randomFloats(c.units2 * 4 * c.units2, seed + 5, -0.6, 0.6),
    bias2: randomFloats(4 * c.units2, seed + 6, -0.3, 0.3),
  };
}
type Weights = ReturnType<typeof setup>;

function stacked(k: KernelSet, c: Case, w: Weights, returnSequences: boolean, ids = w.ids): Float32Array {
  const h = new Float32Array((returnSequences ? c.batch * c.steps : c.batch) * c.units2);
  k.embeddingLstm2Predict(ids, w.embeddings, w.kernel, w.recurrent, w.bias, w.kernel2, w.recurrent2, w.bias2, h, c.batch, c.steps, c.vocab, c.inDim, c.units, c.units2, returnSequences);
  return h;
}

/** The two kernels it stands for, called one after the other. */
function twoCalls(k: KernelSet, c: Case, w: Weights, returnSequences: boolean): Float32Array {
  const h1 = new Float32Array(c.batch * c.steps * c.units);
  k.embeddingLstmPredict(w.ids, w.embeddings, w.kernel, w.recurrent, w.bias, h1, c.batch, c.steps, c.vocab, c.inDim, c.units, true);
  const h = new Float32Array((returnSequences ? c.batch * c.steps : c.batch) * c.units2);
  k.lstmPredict(h1, w.kernel2, w.recurrent2, w.bias2, h, c.batch, c.steps, c.units, c.units2, returnSequences);
  return h;
}

const cases: Case[] = [
  { batch: 3, steps: 5, vocab: 7, inDim: 6, units: 5, units2: 3 },
  { batch: 1, steps: 6, vocab: 11, inDim: 3, units: 8, units2: 9 },
  { batch: 4, steps: 3, vocab: 20, inDim: 9, units: 2, units2: 4 },
  // lstmPredict projects the second layer's input 73 steps at a time here (511 and 49 rows: each
  // chunk ends on a lone row), the fused kernel one step of 7 rows at a time.
  { batch: 7, steps: 80, vocab: 50, inDim: 5, units: 6, units2: 32 },
  // An odd batch ≥ 16: the fused kernel takes two steps at a time (the last block one step).
  { batch: 17, steps: 5, vocab: 40, inDim: 4, units: 3, units2: 5 },
];

describeKernels('embeddingLstm2Predict', (k) => {
  for (const c of cases) {
    for (const returnSequences of [true, false]) {
      it(`equals embeddingLstmPredict then lstmPredict bit for bit (${JSON.stringify(c)}, returnSequences ${returnSequences})`, () => {
        const w = setup(c, c.vocab);
        const got = stacked(k, c, w, returnSequences);
        expect(got.every(Number.isFinite)).toBe(true);
        expect(Array.from(got)).toEqual(Array.from(twoCalls(k, c, w, returnSequences)));
      });
    }
  }

  it('handles batch 0 and steps 0', () => {
    const c = { batch: 0, steps: 4, vocab: 5, inDim: 3, units: 4, units2: 3 };
    expect(stacked(k, c, setup(c, 1), false)).toHaveLength(0);
    const c0 = { batch: 2, steps: 0, vocab: 5, inDim: 3, units: 4, units2: 3 };
    expect(stacked(k, c0, setup(c0, 1), true)).toHaveLength(0);
  });

  it('rejects ids outside the vocabulary, wrong lengths and a last step of no steps', () => {
    const c = cases[0];
    const w = setup(c, 1);
    const bad = w.ids.slice();
    bad[4] = c.vocab;
    expect(() => stacked(k, c, w, true, bad)).toThrow(KernelArgumentError);
    expect(() => stacked(k, { ...c, units2: 4 }, w, true)).toThrow(/kernel2/);
    expect(() => stacked(k, c, { ...w, bias2: w.bias2.subarray(1) }, true)).toThrow(/bias2/);
    expect(() => stacked(k, c, { ...w, recurrent: w.recurrent.subarray(1) }, true)).toThrow(/recurrentKernel/);
    const h = new Float32Array(3);
    expect(() => k.embeddingLstm2Predict(w.ids, w.embeddings, w.kernel, w.recurrent, w.bias, w.kernel2, w.recurrent2, w.bias2, h, c.batch, c.steps, c.vocab, c.inDim, c.units, c.units2, false)).toThrow(/h has 3 elements/);
    const c0 = { ...c, steps: 0 };
    expect(() => stacked(k, c0, setup(c0, 1), false)).toThrow(/steps ≥ 1/);
  });
});

describe('embeddingLstm2Predict [wasm] with resident weights', () => {
  let registered: Float32Array[] = [];
  afterEach(() => registered.forEach(releaseResident));

  it('shares the projection table with embeddingLstmPredict and still equals the two calls', () => {
    const c: Case = { batch: 5, steps: 7, vocab: 30, inDim: 6, units: 9, units2: 6 };
    const w = setup(c, 3);
    registered = [w.embeddings, w.kernel, w.recurrent, w.bias, w.kernel2, w.recurrent2, w.bias2];
    registered.forEach(markResident);
    for (let round = 0; round < 2; round++) {
      expect(Array.from(stacked(wasmKernels, c, w, false))).toEqual(Array.from(twoCalls(wasmKernels, c, w, false)));
      expect(Array.from(stacked(wasmKernels, c, w, true))).toEqual(Array.from(twoCalls(wasmKernels, c, w, true)));
    }
  });
});
