/** Test harness: a Neurite layer against the same tfjs-layers layer (weights copied with setWeights). */
import * as tf from '@tensorflow/tfjs';
import { expect } from 'vitest';
import type { Layer } from '../layers/layer.js';
import { toSnakeCase } from '../layers/layer.js';
import { valueAndGrads } from '../tape.js';
import type { Tensor } from '../tensor.js';
import { expectTensorClose, randomTensor, toTf } from './oracle.js';

export interface CompareOptions {
  training?: boolean;
  rtol?: number;
  /** Skip the input gradient (int ids into Embedding). */
  noInputGrad?: boolean;
}

/** Forward output and gradients w.r.t. input and every trainable weight, ours vs tfjs. */
export function compareLayer(ours: Layer, theirs: tf.layers.Layer, x: Tensor, options: CompareOptions = {}): void {
  const rtol = options.rtol ?? 1e-4;
  const training = options.training ?? false;
  const out = ours.apply(x, { training });
  const xt = toTf(x);
  theirs.apply(xt);
  theirs.setWeights(ours.getWeights().map(toTf));
  const expected = theirs.apply(xt, { training }) as tf.Tensor;
  expectTensorClose(out, expected, rtol, 'forward');

  const dy = randomTensor(out.shape, 4242);
  const dyt = toTf(dy);
  const sources = options.noInputGrad ? [...ours.trainableWeights] : [x, ...ours.trainableWeights];
  const grads = valueAndGrads(() => ours.apply(x, { training }), sources, dy).grads;
  const loss = (input: tf.Tensor) => tf.sum(tf.mul(theirs.apply(input, { training }) as tf.Tensor, dyt)) as tf.Scalar;
  const vars = theirs.trainableWeights.map((w) => w.read() as tf.Variable);
  expect(vars.length, 'trainable weight count').toBe(ours.trainableWeights.length);
  const tfWeightGrads = vars.length > 0 ? tf.variableGrads(() => loss(xt), vars).grads : {};
  const expectedGrads = vars.map((v) => tfWeightGrads[v.name]);
  if (!options.noInputGrad) expectedGrads.unshift(tf.grad(loss)(xt));
  grads.forEach((g, i) => expectTensorClose(g, expectedGrads[i], rtol, options.noInputGrad ? `grad of weight ${i}` : i === 0 ? 'grad of input' : `grad of weight ${i - 1}`));
}

/** tfjs' key conversion for model.json (serialization_utils.convertTsToPythonic uses this rule). */
export function pythonicKeys(config: object): string[] {
  return Object.keys(config).map(toSnakeCase).sort();
}

/** Our config has exactly the keys TF.js writes (plus dtype/batch_input_shape, which TF.js writes when set). */
export function expectConfigKeysMatch(ours: Layer, theirs: tf.layers.Layer, extraKerasKeys: string[] = []): void {
  const optional = new Set(['dtype', 'batch_input_shape', ...extraKerasKeys]);
  const mine = Object.keys(ours.getConfig()).filter((k) => !optional.has(k)).sort();
  const expected = pythonicKeys(theirs.getConfig()).filter((k) => !optional.has(k));
  expect(mine).toEqual(expected);
}
