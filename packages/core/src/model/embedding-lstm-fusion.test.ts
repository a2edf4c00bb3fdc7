import { setBackend, type BackendName } from '@neurite/kernels';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Dense } from '../layers/dense.js';
import { Embedding } from '../layers/embedding.js';
import { resetLayerNames } from '../layers/layer.js';
import { LSTM, type LSTMArgs } from '../layers/lstm.js';
import { setSeed } from '../random.js';
import { noGrad, valueAndGrads } from '../tape.js';
import { tensor, type Tensor } from '../tensor.js';
import { sequential, type Sequential } from './sequential.js';

beforeEach(() => {
  resetLayerNames();
  setSeed(17);
});

afterEach(() => {
  vi.restoreAllMocks();
});

const VOCAB = 23;

/** Embedding(23, dim) → LSTM(first) → LSTM(more[0]) → ... → Dense(2). */
function model(dim: number, first: LSTMArgs, more: LSTMArgs[] = []): Sequential {
  const m = sequential({ seed: 3 });
  m.add(new Embedding({ inputDim: VOCAB, outputDim: dim, inputLength: 7 }));
  m.add(new LSTM(first));
  for (const args of more) m.add(new LSTM(args));
  m.add(new Dense({ units: 2, activation: 'sigmoid' }));
  return m;
}

/** ids [batch, 7], every id of the vocabulary in use, as int32 or as whole float32 numbers. */
function ids(batch: number, dtype: 'int32' | 'float32' = 'int32'): Tensor {
  const data = Array.from({ length: batch * 7 }, (_, i) => (i * 5 + 3) % VOCAB);
  return dtype === 'int32' ? tensor(Int32Array.from(data), [batch, 7], 'int32') : tensor(Float32Array.from(data), [batch, 7]);
}

/** The layers applied one by one, in inference mode: the unfused result. */
function layerByLayer(m: Sequential, x: Tensor): number[] {
  return Array.from(noGrad(() => m.layers.reduce((y, l) => l.apply(y, { training: false }), x)).data);
}

for (const backend of ['wasm', 'reference'] as BackendName[]) {
  describe(`embedding → LSTM fusion in Sequential inference [${backend}]`, () => {
    beforeEach(() => setBackend(backend));

    // [what, embedding dim, first LSTM, LSTMs after it, how many LSTMs run in the layers' own apply]
    const cases: [string, number, LSTMArgs, LSTMArgs[], number][] = [
      ['two stacked LSTMs, as the seed LSTM', 6, { units: 9, returnSequences: true }, [{ units: 5 }], 0],
      ['two stacked LSTMs returning sequences', 8, { units: 4, returnSequences: true }, [{ units: 3, returnSequences: true }], 0],
      ['one LSTM, the last step only', 5, { units: 3 }, [], 0],
      ['three LSTMs: the third runs on its own', 6, { units: 5, returnSequences: true }, [{ units: 6, returnSequences: true }, { units: 2 }], 1],
      ['a hard_sigmoid second LSTM: runs on its own', 6, { units: 5, returnSequences: true }, [{ units: 3, recurrentActivation: 'hard_sigmoid' }], 1],
    ];
    for (const [what, dim, first, more, unfusedLstms] of cases) {
      it(`predict equals the layers applied one by one, bit for bit (${what})`, () => {
        const m = model(dim, first, more);
        for (const x of [ids(5), ids(3, 'float32'), ids(1)]) {
          const lookup = vi.spyOn(Embedding.prototype, 'apply');
          const lstm = vi.spyOn(LSTM.prototype, 'apply');
          const got = m.predict(x, { batchSize: 2 });
          expect(lookup).not.toHaveBeenCalled(); // every lookup ran inside the LSTM's kernel
          expect(lstm).toHaveBeenCalledTimes(unfusedLstms * Math.ceil(x.shape[0] / 2));
          vi.restoreAllMocks();
          const lastSequences = (more.at(-1) ?? first).returnSequences === true;
          expect(got.shape).toEqual(lastSequences ? [x.shape[0], 7, 2] : [x.shape[0], 2]);
          expect(Array.from(got.data)).toEqual(layerByLayer(m, x));
        }
      });
    }

    const unfused: [string, LSTMArgs][] = [
      ['a hard_sigmoid LSTM', { units: 4, recurrentActivation: 'hard_sigmoid', returnSequences: true }],
      ['a backwards LSTM', { units: 4, goBackwards: true, returnSequences: true }],
    ];
    for (const [what, first] of unfused) {
      it(`leaves ${what} to the layers`, () => {
        const m = model(6, first, [{ units: 5 }]);
        const lookup = vi.spyOn(Embedding.prototype, 'apply');
        const got = m.predict(ids(3));
        expect(lookup).toHaveBeenCalledTimes(1);
        lookup.mockRestore();
        expect(Array.from(got.data)).toEqual(layerByLayer(m, ids(3)));
      });
    }

    it('reports a bad id or input shape as the layers do', () => {
      const m = model(6, { units: 4, returnSequences: true }, [{ units: 5 }]);
      m.predict(ids(2)); // built
      const bad = tensor(Int32Array.from({ length: 14 }, (_, i) => (i === 9 ? VOCAB : i)), [2, 7], 'int32');
      expect(() => m.predict(bad)).toThrow(`Embedding id ${VOCAB} at flat index 9 is outside [0, ${VOCAB})`);
      expect(() => m.predict(tensor(Float32Array.of(1.5, 2, 3, 4, 5, 6, 7), [1, 7]))).toThrow('must be whole numbers');
      expect(() => m.predict(tensor(new Int32Array(8), [1, 8], 'int32'))).toThrow(/expects input shape/);
    });

    it('does not fuse while training or while a tape records, and gradients still flow', () => {
      const m = model(6, { units: 4, returnSequences: true }, [{ units: 5 }]);
      const x = ids(2);
      m.predict(x);
      const lookup = vi.spyOn(Embedding.prototype, 'apply');
      m.call(x, true);
      expect(lookup).toHaveBeenCalledTimes(1);
      const { value, grads } = valueAndGrads(() => m.call(x, false), m.trainableWeights);
      expect(lookup).toHaveBeenCalledTimes(2);
      expect(Array.from(value.data)).toEqual(Array.from(m.predict(x).data));
      expect(grads.every((g) => g.data.some((v) => v !== 0))).toBe(true);
    });

    it('sees weights changed by training (predict after fit agrees with the layers)', async () => {
      const m = model(6, { units: 4, returnSequences: true }, [{ units: 5 }]);
      m.compile({ optimizer: 'adam', loss: 'binary_crossentropy' });
      const x = ids(4);
      const before = Array.from(m.predict(x).data);
      const y = tensor(Float32Array.from({ length: 8 }, (_, i) => i % 2), [4, 2]);
      await m.fit(x, y, { epochs: 2, batchSize: 2, verbose: 0, shuffle: false });
      const after = Array.from(m.predict(x).data);
      expect(after).not.toEqual(before);
      expect(after).toEqual(layerByLayer(m, x));
    });
  });
}
