import { afterEach, describe, expect, it } from 'vitest';
import { KernelArgumentError } from '../check.js';
import type { KernelSet } from '../kernel-set.js';
import { invalidateResident, markResident, releaseResident, residentStats, setResidentLimit } from '../resident.js';
import { describeKernels, expectClose, randomFloats } from '../test-support.js';
import { wasmKernels } from './index.js';
import { MAX_TABLE_BYTES } from './embedding-lstm-predict.js';

interface Case { batch: number; steps: number; vocab: number; inDim: number; units: number }

function setup(c: Case, seed: number) {
  const ids = new Int32Array(c.batch * c.steps);
  // Repeated ids (within and across rows) and not every id: the table fills row by row.
  for (let i = 0; i < ids.length; i++) ids[i] = (i * 7 + seed) % Math.max(1, c.vocab - 1);
  return {
    ids,
    embeddings: randomFloats(c.vocab * c.inDim, seed, -1, 1),
    kernel: randomFloats(c.inDim * 4 * c.units, seed + 1, -0.6, 0.6),
    recurrent: randomFloats(c.units * 4 * c.units, seed + 2, -0.6, 0.6),
    bias: randomFloats(4 * c.units, seed + 3, -0.3, 0.3),
  };
}
type Weights = ReturnType<typeof setup>;

/** The fused kernel's h. */
function fused(k: KernelSet, c: Case, w: Weights, returnSequences: boolean, ids = w.ids): Float32Array {
  const h = new Float32Array((returnSequences ? c.batch * c.steps : c.batch) * c.units);
  k.embeddingLstmPredict(ids, w.embeddings, w.kernel, w.recurrent, w.bias, h, c.batch, c.steps, c.vocab, c.inDim, c.units, returnSequences);
  return h;
}

/** embedding then lstmPredict, on fresh copies (never resident, never cached). */
function unfused(k: KernelSet, c: Case, w: Weights, returnSequences: boolean, ids = w.ids): Float32Array {
  const x = new Float32Array(c.batch * c.steps * c.inDim);
  k.embedding(w.embeddings.slice(), ids.slice(), x, ids.length, c.inDim, c.vocab);
  const h = new Float32Array((returnSequences ? c.batch * c.steps : c.batch) * c.units);
  k.lstmPredict(x, w.kernel.slice(), w.recurrent.slice(), w.bias.slice(), h, c.batch, c.steps, c.inDim, c.units, returnSequences);
  return h;
}

const cases: Case[] = [
  { batch: 3, steps: 5, vocab: 7, inDim: 6, units: 5 },
  { batch: 1, steps: 6, vocab: 11, inDim: 3, units: 8 },
  { batch: 4, steps: 3, vocab: 20, inDim: 9, units: 2 },
];

describeKernels('embeddingLstmPredict', (k) => {
  for (const c of cases) {
    for (const returnSequences of [true, false]) {
      it(`equals embedding then lstmPredict (${JSON.stringify(c)}, returnSequences ${returnSequences})`, () => {
        const w = setup(c, c.vocab);
        expectClose(fused(k, c, w, returnSequences), unfused(k, c, w, returnSequences), 1e-5, 1e-6);
      });
    }
  }

  it('handles batch 0 and steps 0', () => {
    const c = { batch: 0, steps: 4, vocab: 5, inDim: 3, units: 4 };
    expect(fused(k, c, setup(c, 1), true)).toHaveLength(0);
    const c0 = { batch: 2, steps: 0, vocab: 5, inDim: 3, units: 4 };
    expect(fused(k, c0, setup(c0, 1), true)).toHaveLength(0);
  });

  it('rejects ids outside the vocabulary and wrong lengths', () => {
    const c = cases[0];
    const w = setup(c, 1);
    const bad = w.ids.slice();
    bad[4] = c.vocab;
    expect(() => fused(k, c, w, true, bad)).toThrow(KernelArgumentError);
    bad[4] = -1;
    expect(() => fused(k, c, w, true, bad)).toThrow(/ids\[4\] is -1/);
    expect(() => k.embeddingLstmPredict(w.ids, w.embeddings.subarray(1), w.kernel, w.recurrent, w.bias, new Float32Array(c.batch * c.steps * c.units), c.batch, c.steps, c.vocab, c.inDim, c.units, true)).toThrow(KernelArgumentError);
    expect(() => k.embeddingLstmPredict(w.ids, w.embeddings, w.kernel, w.recurrent, w.bias, new Float32Array(3), c.batch, c.steps, c.vocab, c.inDim, c.units, false)).toThrow(/h has 3 elements/);
  });
});

describe('embeddingLstmPredict [wasm] projection table', () => {
  const k = wasmKernels;
  const c: Case = { batch: 5, steps: 7, vocab: 30, inDim: 6, units: 9 };
  let registered: Float32Array[] = [];
  const resident = (w: Weights): Weights => {
    registered = [w.embeddings, w.kernel, w.recurrent, w.bias];
    registered.forEach(markResident);
    return w;
  };
  afterEach(() => {
    registered.forEach(releaseResident);
    setResidentLimit(512 * 2 ** 20);
  });

  it('keeps a table for resident weights and fills it as new ids come', () => {
    const w = resident(setup(c, 3));
    const before = residentStats().bytes;
    expectClose(fused(k, c, w, true), unfused(k, c, w, true), 1e-5, 1e-6);
    // The table (vocab × 16·⌈9/4⌉ floats, then a byte per row) is now held besides the weights.
    expect(residentStats().bytes - before).toBeGreaterThanOrEqual(c.vocab * 48 * 4 + c.vocab);
    const other = w.ids.map((id, i) => (id + i) % c.vocab);
    expectClose(fused(k, c, w, false, other), unfused(k, c, w, false, other), 1e-5, 1e-6);
    expectClose(fused(k, c, w, true), unfused(k, c, w, true), 1e-5, 1e-6);
  });

  it('gives the same bits whatever order the table was filled in (a call does not depend on earlier calls)', () => {
    const one: Case = { batch: 1, steps: 3, vocab: 30, inDim: 6, units: 9 };
    const ids = Int32Array.from([4, 9, 17]); // three new rows: an odd count
    const fresh = resident(setup(c, 10));
    const expected = fused(k, one, fresh, true, ids);
    registered.forEach(releaseResident);
    const w = resident({ ...fresh, embeddings: fresh.embeddings.slice() });
    // Above, 4 and 9 were filled as a pair and 17 alone; here 17 and 4 as a pair and 9 alone.
    fused(k, { ...one, steps: 2 }, w, true, Int32Array.from([17, 4]));
    fused(k, { ...one, steps: 1 }, w, true, Int32Array.from([9]));
    expect(fused(k, one, w, true, ids)).toEqual(expected);
  });

  for (const which of ['embeddings', 'kernel', 'bias'] as const) {
    it(`recomputes the table after the ${which} changes`, () => {
      const w = resident(setup(c, 4));
      const first = fused(k, c, w, true);
      w[which].set(randomFloats(w[which].length, 99, -0.5, 0.5));
      invalidateResident(w[which]);
      const again = fused(k, c, w, true);
      expectClose(again, unfused(k, c, w, true), 1e-5, 1e-6);
      expect(again).not.toEqual(first);
    });
  }

  it('follows a weight update made by a WASM kernel in place (optimizer step)', () => {
    const w = resident(setup(c, 5));
    fused(k, c, w, true);
    const grad = randomFloats(w.embeddings.length, 7, -1, 1);
    k.sgdUpdate(w.embeddings, grad, new Float32Array(grad.length), 0.5, 0, false);
    expectClose(fused(k, c, w, true), unfused(k, c, w, true), 1e-5, 1e-6);
  });

  it('is rebuilt for another array in the same role', () => {
    const w = resident(setup(c, 6));
    fused(k, c, w, true);
    const w2 = { ...w, embeddings: randomFloats(w.embeddings.length, 8) };
    markResident(w2.embeddings);
    expectClose(fused(k, c, w2, true), unfused(k, c, w2, true), 1e-5, 1e-6);
    releaseResident(w2.embeddings);
  });

  it('works without a table: weights not resident, a table over the size bound, a resident limit too small', () => {
    const w = setup(c, 7);
    expectClose(fused(k, c, w, true), unfused(k, c, w, true), 1e-5, 1e-6);
    const big: Case = { batch: 2, steps: 3, vocab: MAX_TABLE_BYTES / (4 * 16) + 1, inDim: 1, units: 4 };
    const wb = resident(setup(big, 8));
    const before = residentStats().bytes;
    expectClose(fused(k, big, wb, true), unfused(k, big, wb, true), 1e-5, 1e-6);
    expect(residentStats().bytes - before).toBeLessThan(MAX_TABLE_BYTES);
    registered.forEach(releaseResident);
    const ws = resident(setup(c, 9));
    setResidentLimit(8 * 1024);
    expectClose(fused(k, c, ws, true), unfused(k, c, ws, true), 1e-5, 1e-6);
  });
});
