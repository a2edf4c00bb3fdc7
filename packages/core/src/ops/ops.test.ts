/** Every op's forward and gradient against tfjs (cpu) on random shapes incl. sizes not multiples of 4. */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { Activation } from '@neurite/kernels';
import { ShapeError } from '../errors.js';
import { checkGradients } from '../gradient-check.js';
import { valueAndGrads } from '../tape.js';
import { Tensor, tensor } from '../tensor.js';
import { expectTensorClose, randomTensor, setupBackends, toTf } from '../testing/oracle.js';
import * as ops from './index.js';

beforeAll(setupBackends);

/** Forward and gradients (w.r.t. every float input, with a random upstream gradient) vs tfjs. */
function compare(ours: (...x: Tensor[]) => Tensor, theirs: (...x: tf.Tensor[]) => tf.Tensor, inputs: Tensor[], rtol = 1e-4): void {
  const out = ours(...inputs);
  const expected = theirs(...inputs.map(toTf));
  expectTensorClose(out, expected, rtol, 'forward');
  const dy = randomTensor(out.shape, 99);
  const grads = valueAndGrads(() => ours(...inputs), inputs, dy).grads;
  const tfGrads = tf.grads((...xs: tf.Tensor[]) => theirs(...xs))(inputs.map(toTf), toTf(dy));
  grads.forEach((g, i) => expectTensorClose(g, tfGrads[i], rtol, `grad ${i}`));
}

describe('element-wise ops with broadcasting', () => {
  const a = randomTensor([3, 5, 7], 1);
  const b = randomTensor([5, 1], 2);
  const pos = tensor(Array.from(randomTensor([3, 5, 7], 3).data, (v) => Math.abs(v) + 0.5), [3, 5, 7]);
  it('add/sub/mul/div', () => {
    compare(ops.add, tf.add, [a, b]);
    compare(ops.sub, tf.sub, [a, b]);
    compare(ops.mul, tf.mul, [a, b]);
    compare(ops.div, tf.div, [a, pos]);
  });
  it('add of one shape (its own loop): exact float32 sums, gradient dy to both, x + x gives 2·dy', () => {
    compare(ops.add, tf.add, [a, pos]);
    const sum = ops.add(a, pos);
    expect(Array.from(sum.data)).toEqual(Array.from(a.data, (v, i) => Math.fround(v + pos.data[i])));
    const dy = randomTensor(a.shape, 5);
    const [g] = valueAndGrads(() => ops.add(a, a), [a], dy).grads;
    expect(Array.from(g.data)).toEqual(Array.from(dy.data, (v) => 2 * v));
  });
  it('one-element operands on either side (a scalar, shape [1, 1]): values and gradients', () => {
    const one = tensor([[0.7]]);
    const s = tensor(-1.3, []);
    for (const [x, y] of [[a, s], [s, a], [a, one], [one, a]]) {
      compare(ops.add, tf.add, [x, y]);
      compare(ops.sub, tf.sub, [x, y]);
      compare(ops.mul, tf.mul, [x, y]);
    }
    compare(ops.div, tf.div, [pos, s]);
    expect([...ops.sub(2, tensor([1, 5])).data]).toEqual([1, -3]);
  });
  it('maximum/minimum/pow', () => {
    // tfjs' maximum/minimum gradients do not reduce broadcast axes, so compare on equal shapes.
    compare(ops.maximum, tf.maximum, [a, pos]);
    compare(ops.minimum, tf.minimum, [a, pos]);
    expect(checkGradients((p, q) => ops.maximum(p, q), [a, b]).ok).toBe(true);
    compare(ops.pow, tf.pow, [pos, b]);
  });
  it('unary', () => {
    compare(ops.neg, tf.neg, [a]);
    compare(ops.exp, tf.exp, [a]);
    compare(ops.log, tf.log, [pos]);
    compare(ops.sqrt, tf.sqrt, [pos]);
    compare(ops.square, tf.square, [a]);
    compare(ops.abs, tf.abs, [a]);
    compare(ops.softplus, tf.softplus, [a]);
    compare((x) => ops.elu(x), tf.elu, [a]);
    compare((x) => ops.clipByValue(x, -0.3, 0.4), (x) => tf.clipByValue(x, -0.3, 0.4), [a]);
  });
  it('relu6 matches tf.relu6, values and gradient, at its kinks 0 and 6 too', () => {
    const wide = tensor([...randomTensor([4, 9], 41, 9).data, 0, 6, -1, 7, 3]);
    compare(ops.relu6, tf.relu6, [wide]);
    const [g] = valueAndGrads(() => ops.relu6(wide), [wide]).grads;
    expect([...g.data.slice(-5)]).toEqual([0, 1, 0, 0, 1]);
    expect([...ops.relu6(wide).data.slice(-5)]).toEqual([0, 6, 0, 6, 3]);
  });
  it('hardSigmoid is TF.js\' clip(0.2x + 0.5, 0, 1), kinks included; softsign is x / (1 + |x|)', () => {
    // Wide range so both flat parts are exercised; the exact kinks ±2.5 get TF.js' gradient 0.2.
    const wide = tensor([...randomTensor([4, 9], 40, 5).data, -2.5, 2.5, -3, 3, 0]);
    const tfHardSigmoid = (t: tf.Tensor) => tf.clipByValue(tf.add(0.5, tf.mul(0.2, t)), 0, 1); // tfjs-layers K.hardSigmoid
    compare(ops.hardSigmoid, tfHardSigmoid, [wide]);
    const [g] = valueAndGrads(() => ops.hardSigmoid(wide), [wide]).grads;
    expect([...g.data.slice(-5)].map((v) => +v.toFixed(6))).toEqual([0.2, 0.2, 0, 0, 0.2]);
    expect([...ops.hardSigmoid(wide).data.slice(-5)].map((v) => +v.toFixed(6))).toEqual([0, 1, 0, 1, 0.5]);
    compare(ops.softsign, (t) => tf.div(t, tf.add(1, tf.abs(t))), [wide]);
  });
  it('activation names: TF.js spellings, no prototype keys', () => {
    expect(ops.checkActivation('hardSigmoid')).toBe('hard_sigmoid');
    expect(ops.checkActivation('hard_sigmoid')).toBe('hard_sigmoid');
    expect(ops.getActivation('softsign')).toBe(ops.softsign);
    for (const bad of ['constructor', 'toString', '__proto__', 'swish']) expect(() => ops.checkActivation(bad)).toThrow(/Unknown activation/);
  });
  it('activations on kernels', () => {
    compare(ops.relu, tf.relu, [a]);
    compare(ops.sigmoid, tf.sigmoid, [a]);
    compare(ops.tanh, tf.tanh, [a]);
    compare(ops.softmax, (x) => tf.softmax(x), [randomTensor([4, 3, 7], 4, 5)]);
  });
  it('softmax and softplus stay finite for huge logits', () => {
    const big = tensor([[1000, -1000, 0], [-1e30, 1e30, 3]]);
    expect([...ops.softmax(big).data].every(Number.isFinite)).toBe(true);
    expect([...ops.softplus(big).data].every(Number.isFinite)).toBe(true);
  });
  it('rejects incompatible shapes with a ShapeError', () => {
    expect(() => ops.add(randomTensor([3, 4], 1), randomTensor([5], 2))).toThrow(ShapeError);
  });
});

describe('layout and reductions', () => {
  const x = randomTensor([2, 3, 5], 5);
  it('reshape/transpose/slice/concat', () => {
    compare((t) => ops.reshape(t, [5, -1]), (t) => tf.reshape(t, [5, -1]), [x]);
    compare((t) => ops.transpose(t, [2, 0, 1]), (t) => tf.transpose(t, [2, 0, 1]), [x]);
    compare((t) => ops.slice(t, [1, 1, 2], [1, 2, -1]), (t) => tf.slice(t, [1, 1, 2], [1, 2, -1]), [x]);
    compare((p, q) => ops.concat([p, q], 1), (p, q) => tf.concat([p, q], 1), [x, randomTensor([2, 4, 5], 6)]);
  });
  it('sum/mean/max', () => {
    compare((t) => ops.sum(t, 1), (t) => tf.sum(t, 1), [x]);
    compare((t) => ops.sum(t, [0, 2], true), (t) => tf.sum(t, [0, 2], true), [x]);
    compare((t) => ops.mean(t), (t) => tf.mean(t), [x]);
    compare((t) => ops.max(t, -1), (t) => tf.max(t, -1), [x]);
  });
});

describe('matmul and dense', () => {
  it('matmul with every transpose combination, 2-D and batched', () => {
    for (const [ta, tb] of [[false, false], [true, false], [false, true], [true, true]] as const) {
      const a = randomTensor(ta ? [7, 5] : [5, 7], 7);
      const b = randomTensor(tb ? [3, 7] : [7, 3], 8);
      compare((p, q) => ops.matmul(p, q, ta, tb), (p, q) => tf.matMul(p, q, ta, tb), [a, b]);
      const ba = randomTensor(ta ? [2, 7, 5] : [2, 5, 7], 9);
      const bb = randomTensor(tb ? [2, 3, 7] : [2, 7, 3], 10);
      compare((p, q) => ops.matmul(p, q, ta, tb), (p, q) => tf.matMul(p, q, ta, tb), [ba, bb]);
    }
  });
  it('dense with fused activations', () => {
    const x = randomTensor([5, 7], 11);
    const w = randomTensor([7, 3], 12);
    const b = randomTensor([3], 13);
    const acts = [[Activation.Linear, (t: tf.Tensor) => t], [Activation.Relu, tf.relu], [Activation.Sigmoid, tf.sigmoid], [Activation.Tanh, tf.tanh]] as const;
    for (const [act, f] of acts) {
      compare((p, q, r) => ops.dense(p, q, r, act), (p, q, r) => f(tf.add(tf.matMul(p, q), r)), [x, w, b]);
    }
  });
});

describe('conv, pooling, batch norm, embedding, lstm, dropout', () => {
  it('conv2d (valid/same, strides, dilation, bias + relu)', () => {
    const x = randomTensor([2, 7, 6, 3], 20);
    const f = randomTensor([3, 2, 3, 5], 21);
    const b = randomTensor([5], 22);
    compare((p, q, r) => ops.conv2d(p, q, r, { padding: 'same', strides: 2 }, Activation.Relu),
      (p, q, r) => tf.relu(tf.add(tf.conv2d(p as tf.Tensor4D, q as tf.Tensor4D, 2, 'same'), r)), [x, f, b]);
    // tfjs has no dilated conv gradient: forward vs tfjs, gradients vs finite differences.
    const dilated = (p: Tensor, q: Tensor) => ops.conv2d(p, q, null, { padding: 'valid', dilationRate: 2 });
    expectTensorClose(dilated(x, f), tf.conv2d(toTf(x) as tf.Tensor4D, toTf(f) as tf.Tensor4D, 1, 'valid', 'NHWC', 2));
    expect(checkGradients(dilated, [x, f]).maxError).toBeLessThan(1e-2);
  });
  it('depthwiseConv2d', () => {
    const x = randomTensor([2, 6, 5, 3], 23);
    const f = randomTensor([3, 3, 3, 2], 24);
    compare((p, q) => ops.depthwiseConv2d(p, q, null, { padding: 'same' }),
      (p, q) => tf.depthwiseConv2d(p as tf.Tensor4D, q as tf.Tensor4D, 1, 'same'), [x, f]);
  });
  it('maxPool/avgPool/globalAvgPool', () => {
    const x = randomTensor([2, 7, 5, 3], 25);
    compare((p) => ops.maxPool(p, 2), (p) => tf.maxPool(p as tf.Tensor4D, 2, 2, 'valid'), [x]);
    compare((p) => ops.maxPool(p, 3, 2, 'same'), (p) => tf.maxPool(p as tf.Tensor4D, 3, 2, 'same'), [x]);
    compare((p) => ops.avgPool(p, 2, 2, 'valid'), (p) => tf.avgPool(p as tf.Tensor4D, 2, 2, 'valid'), [x]);
    // tfjs' avgPool 'same' backward divides edge windows by the full window size although its
    // forward (like TF) averages only in-image taps; our gradient is checked by finite differences.
    const same = (p: Tensor) => ops.avgPool(p, 2, 1, 'same');
    expectTensorClose(same(x), tf.avgPool(toTf(x) as tf.Tensor4D, 2, 1, 'same'));
    expect(checkGradients(same, [x]).maxError).toBeLessThan(1e-2);
    compare((p) => ops.globalAvgPool(p), (p) => tf.mean(p, [1, 2]), [x]);
  });
  it('batchNormTrain / batchNormInfer', () => {
    const x = randomTensor([6, 5], 26);
    const g = randomTensor([5], 27);
    const b = randomTensor([5], 28);
    compare((p, q, r) => ops.batchNormTrain(p, q, r, 1e-3).output, (p, q, r) => {
      const m = tf.moments(p, 0);
      return tf.batchNorm(p, m.mean, m.variance, r, q, 1e-3);
    }, [x, g, b]);
    const mean = randomTensor([5], 29);
    const variance = tensor(Array.from(randomTensor([5], 30).data, (v) => v * v + 0.1));
    compare((p, q, r) => ops.batchNormInfer(p, q, r, mean, variance, 1e-3), (p, q, r) => tf.batchNorm(p, toTf(mean), toTf(variance), r, q, 1e-3), [x, g, b]);
  });
  it('embeddingLookup gives table gradients (repeated ids accumulate)', () => {
    const table = randomTensor([7, 5], 31);
    const ids = tensor([[1, 6, 1], [0, 3, 3]], undefined, 'int32');
    const out = ops.embeddingLookup(table, ids);
    expectTensorClose(out, tf.gather(toTf(table), toTf(ids)));
    const dy = randomTensor(out.shape, 32);
    const [g] = valueAndGrads(() => ops.embeddingLookup(table, ids), [table], dy).grads;
    expectTensorClose(g, tf.grad((t: tf.Tensor) => tf.gather(t, toTf(ids)))(toTf(table), toTf(dy)));
    expect(() => ops.embeddingLookup(table, tensor([7], undefined, 'int32'))).toThrow(/outside \[0, 7\)/);
  });
  it('dropout keeps expectation, is seeded, and passes the mask to the gradient', () => {
    const x = tensor(new Float32Array(2000).fill(1), [2000]);
    const y = ops.dropout(x, 0.3, 5);
    const kept = [...y.data].filter((v) => v !== 0);
    expect(kept.every((v) => Math.abs(v - 1 / 0.7) < 1e-6)).toBe(true);
    expect(Math.abs(kept.length / 2000 - 0.7)).toBeLessThan(0.05);
    expect([...ops.dropout(x, 0.3, 5).data]).toEqual([...y.data]);
    const [g] = valueAndGrads(() => ops.dropout(x, 0.3, 5), [x]).grads;
    expect([...g.data]).toEqual([...y.data]);
  });
});
