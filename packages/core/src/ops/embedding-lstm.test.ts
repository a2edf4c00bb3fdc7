/**
 * Embedding → LSTM at inference runs the fused kernel, which may keep the embedding's rows
 * projected by the LSTM's input kernel across calls: every way of changing those weights must
 * give the same predictions as the unfused layers.
 */
import { kernels } from '@neurite/kernels';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { Tensor } from '../tensor.js';
import { sequential, type Sequential } from '../model/sequential.js';
import { Embedding, LSTM, dense } from '../layers/index.js';
import { expectClose, randomTensor, setupBackends } from '../testing/oracle.js';
import { embeddingLookup } from './gather.js';
import { lstm } from './lstm.js';

beforeAll(setupBackends);
afterEach(() => vi.restoreAllMocks());

const VOCAB = 40;
const STEPS = 6;

function ids(batch: number, seed: number): Tensor {
  return new Tensor(Int32Array.from({ length: batch * STEPS }, (_, i) => (i * 11 + seed) % VOCAB), [batch, STEPS]);
}

function model(): Sequential {
  const m = sequential({ seed: 3 });
  m.add(new Embedding({ inputDim: VOCAB, outputDim: 6, inputLength: STEPS }));
  m.add(new LSTM({ units: 7, returnSequences: true }));
  m.add(new LSTM({ units: 5 }));
  m.add(dense({ units: 1, activation: 'sigmoid' }));
  m.compile({ optimizer: 'adam', loss: 'binary_crossentropy' });
  return m;
}

/** The layers one by one, the embedding's output copied (so the LSTM sees a plain tensor). */
function unfused(m: Sequential, x: Tensor): Float32Array {
  const e = m.layers[0].apply(x, { training: false });
  let y = new Tensor(e.data.slice(), e.shape);
  for (const layer of m.layers.slice(1)) y = layer.apply(y, { training: false });
  return y.data as Float32Array;
}

function expectMatches(m: Sequential, x: Tensor): Float32Array {
  const got = m.predict(x).data as Float32Array;
  expectClose(got, unfused(m, x), 1e-5);
  return got;
}

describe('Embedding → LSTM inference', () => {
  it('uses the fused kernel and matches the unfused layers', () => {
    // Embedding → LSTM → LSTM: Sequential runs the stacked kernel (model/embedding-lstm-fusion.ts).
    const spy = vi.spyOn(kernels(), 'embeddingLstm2Predict');
    const m = model();
    expectMatches(m, ids(3, 1));
    expect(spy).toHaveBeenCalledTimes(1);
    expectMatches(m, ids(2, 5)); // new ids: the table gains rows
    expectMatches(m, ids(3, 1));
  });

  it('follows weight changes: assign, setWeights, an optimizer step', () => {
    const m = model();
    const x = ids(4, 2);
    const emb = m.layers[0] as Embedding;
    const first = expectMatches(m, x);
    emb.embeddings!.assign(randomTensor([VOCAB, 6], 7));
    const afterEmbedding = expectMatches(m, x);
    expect(afterEmbedding).not.toEqual(first);
    const l1 = m.layers[1] as LSTM;
    l1.kernel!.assign(randomTensor(l1.kernel!.shape, 8, 0.5));
    const afterKernel = expectMatches(m, x);
    expect(afterKernel).not.toEqual(afterEmbedding);
    l1.bias!.assign(randomTensor(l1.bias!.shape, 9));
    const afterBias = expectMatches(m, x);
    expect(afterBias).not.toEqual(afterKernel);
    m.setWeights(model().getWeights().map((w, i) => (i < 2 ? randomTensor(w.shape, 20 + i) : w)));
    const afterSet = expectMatches(m, x);
    expect(afterSet).not.toEqual(afterBias);
    for (let i = 0; i < 3; i++) m.trainOnBatch(x, new Tensor(Float32Array.from({ length: 4 }, (_, j) => j % 2), [4, 1]));
    expect(expectMatches(m, x)).not.toEqual(afterSet);
  });

  it('does not fuse an embedding output whose table changed after the lookup', () => {
    const m = model();
    const emb = m.layers[0] as Embedding;
    const l1 = m.layers[1] as LSTM;
    const x = ids(2, 3);
    const e = embeddingLookup(emb.embeddings!, x);
    const copy = new Tensor(e.data.slice(), e.shape);
    emb.embeddings!.assign(randomTensor([VOCAB, 6], 11));
    const spy = vi.spyOn(kernels(), 'embeddingLstmPredict');
    const got = lstm(e, l1.kernel!, l1.recurrentKernel!, l1.bias!);
    expect(spy).not.toHaveBeenCalled();
    expectClose(got.data, lstm(copy, l1.kernel!, l1.recurrentKernel!, l1.bias!).data, 0);
  });
});
