/**
 * conv2d's backward through the tape (the fused conv2dBackward kernel) against tfjs: every fused
 * activation, gradients for only some inputs (the tape tells the op which are wanted), and
 * gradients that accumulate from several consumers.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, it } from 'vitest';
import { Activation } from '@neurite/kernels';
import { valueAndGrads } from '../tape.js';
import type { Tensor } from '../tensor.js';
import { expectTensorClose, randomTensor, setupBackends, toTf } from '../testing/oracle.js';
import * as ops from './index.js';

beforeAll(setupBackends);

const ACTS: [Activation, (t: tf.Tensor) => tf.Tensor][] = [
  [Activation.Linear, (t) => t],
  [Activation.Relu, (t) => tf.relu(t)],
  [Activation.Sigmoid, (t) => tf.sigmoid(t)],
  [Activation.Tanh, (t) => tf.tanh(t)],
];

// Stride 1 with ≥ 8 input channels takes the kernel's flipped-filter path, the other the col2im path.
const x = randomTensor([2, 9, 7, 10], 1);
const f = randomTensor([3, 3, 10, 6], 2, 0.5);
const b = randomTensor([6], 3);
const cases = [
  { options: { padding: 'same' as const }, tfConv: (p: tf.Tensor, q: tf.Tensor) => tf.conv2d(p as tf.Tensor4D, q as tf.Tensor4D, 1, 'same') },
  { options: { padding: 'valid' as const, strides: 2 }, tfConv: (p: tf.Tensor, q: tf.Tensor) => tf.conv2d(p as tf.Tensor4D, q as tf.Tensor4D, 2, 'valid') },
];

/** Gradients of Σ dy·f(...) with respect to `wrt` (indices into [x, filter, bias]), ours and tfjs'. */
function check(ours: (p: Tensor, q: Tensor, r: Tensor) => Tensor, theirs: (p: tf.Tensor, q: tf.Tensor, r: tf.Tensor) => tf.Tensor, wrt: number[]): void {
  const inputs = [x, f, b];
  const dy = randomTensor(ours(x, f, b).shape, 9);
  const got = valueAndGrads(() => ours(x, f, b), wrt.map((i) => inputs[i]), dy).grads;
  const want = tf.grads((p: tf.Tensor, q: tf.Tensor, r: tf.Tensor) => tf.sum(tf.mul(theirs(p, q, r), toTf(dy))))(inputs.map(toTf));
  wrt.forEach((i, j) => expectTensorClose(got[j], want[i], 1e-4, `grad of input ${i}`));
}

describe('conv2d backward', () => {
  for (const [ci, c] of cases.entries()) {
    for (const [act, tfAct] of ACTS) {
      it(`case ${ci}, activation ${Activation[act]}: x, filter and bias gradients match tfjs`, () => {
        check((p, q, r) => ops.conv2d(p, q, r, c.options, act), (p, q, r) => tfAct(tf.add(c.tfConv(p, q), r)), [0, 1, 2]);
      });
    }
    it(`case ${ci}: gradients for only some inputs (filter only; x only; x and bias, no filter)`, () => {
      const ours = (p: Tensor, q: Tensor, r: Tensor) => ops.conv2d(p, q, r, c.options, Activation.Relu);
      const theirs = (p: tf.Tensor, q: tf.Tensor, r: tf.Tensor) => tf.relu(tf.add(c.tfConv(p, q), r));
      check(ours, theirs, [1]);
      check(ours, theirs, [0]);
      check(ours, theirs, [0, 2]);
      check(ours, theirs, [2]);
    });
  }

  it('accumulates a conv output gradient from several consumers (pool, reshape, elementwise)', () => {
    const ours = (p: Tensor, q: Tensor, r: Tensor) => {
      const y = ops.conv2d(p, q, r, { padding: 'same' }, Activation.Tanh);
      const pooled = ops.sum(ops.maxPool(y, 2));
      const flat = ops.sum(ops.mul(ops.reshape(y, [2, 378]), ops.reshape(y, [2, 378])));
      return ops.add(ops.add(pooled, flat), ops.sum(ops.relu(y)));
    };
    const theirs = (p: tf.Tensor, q: tf.Tensor, r: tf.Tensor) => {
      const y = tf.tanh(tf.add(tf.conv2d(p as tf.Tensor4D, q as tf.Tensor4D, 1, 'same'), r));
      const pooled = tf.sum(tf.maxPool(y as tf.Tensor4D, 2, 2, 'valid'));
      const flat = tf.sum(tf.mul(tf.reshape(y, [2, 378]), tf.reshape(y, [2, 378])));
      return tf.add(tf.add(pooled, flat), tf.sum(tf.relu(y)));
    };
    check(ours, theirs, [0, 1, 2]);
  });
});
