import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { ShapeError, ValueError } from '../errors.js';
import { assertGradients } from '../gradient-check.js';
import { Tensor, tensor } from '../tensor.js';
import { compareLayer, expectConfigKeysMatch } from '../testing/layer-oracle.js';
import { setupBackends } from '../testing/oracle.js';
import { Random } from '../random.js';
import { Embedding } from './embedding.js';

beforeAll(setupBackends);

function ids(shape: number[], vocab: number, seed: number): Tensor {
  const rng = new Random(seed);
  return new Tensor(Int32Array.from({ length: shape[0] * shape[1] }, () => rng.int(vocab)), shape, 'int32');
}

describe('Embedding', () => {
  it.each([[3, 5, 11, 7], [1, 9, 50, 3], [4, 1, 6, 13]])('matches tfjs: batch %i, length %i, vocab %i, dim %i', (batch, len, vocab, dim) => {
    compareLayer(new Embedding({ inputDim: vocab, outputDim: dim }), tf.layers.embedding({ inputDim: vocab, outputDim: dim }), ids([batch, len], vocab, vocab), { noInputGrad: true });
  });
  it('accepts whole-number float ids, passes the gradient check on the table', () => {
    const layer = new Embedding({ inputDim: 6, outputDim: 3 });
    const x = tensor([[0, 5, 5], [2, 1, 0]]);
    const out = layer.apply(x);
    expect(out.shape).toEqual([2, 3, 3]);
    assertGradients(() => layer.apply(x), [...layer.trainableWeights]);
  });
  it('rejects out-of-range ids, fractional ids and wrong rank with typed errors', () => {
    const layer = new Embedding({ inputDim: 6, outputDim: 3, name: 'emb' });
    expect(() => layer.apply(tensor([[6]], undefined, 'int32'))).toThrow(ValueError);
    expect(() => layer.apply(tensor([[0.5]]))).toThrow(/whole numbers/);
    expect(() => layer.apply(tensor([1, 2], undefined, 'int32'))).toThrow(ShapeError);
  });
  it('config keys match TF.js', () => {
    const ours = new Embedding({ inputDim: 10, outputDim: 4, inputLength: 5 });
    expectConfigKeysMatch(ours, tf.layers.embedding({ inputDim: 10, outputDim: 4, inputLength: 5 }));
    expect(ours.getConfig()).toMatchObject({ batch_input_shape: [null, 5], embeddings_initializer: { class_name: 'RandomUniform', config: { minval: -0.05, maxval: 0.05, seed: null } } });
  });
});
