import * as tf from '@tensorflow/tfjs';
import { kernels } from '@neurite/kernels';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { UnknownNameError, ValueError } from '../errors.js';
import { assertGradients } from '../gradient-check.js';
import { compareLayer, expectConfigKeysMatch } from '../testing/layer-oracle.js';
import { randomTensor, setupBackends } from '../testing/oracle.js';
import { valueAndGrads } from '../tape.js';
import { LSTM } from './lstm.js';

beforeAll(setupBackends);

describe('LSTM', () => {
  it.each([
    [2, 5, 3, 4, false, false], [3, 7, 5, 6, true, false], [1, 4, 2, 5, false, true], [2, 3, 6, 3, true, true],
  ])('matches tfjs: batch %i, steps %i, features %i, units %i, returnSequences %s, goBackwards %s', (batch, steps, features, units, returnSequences, goBackwards) => {
    const ours = new LSTM({ units, returnSequences, goBackwards });
    const theirs = tf.layers.lstm({ units, returnSequences, goBackwards, recurrentActivation: 'sigmoid' });
    compareLayer(ours, theirs, randomTensor([batch, steps, features], steps * 13 + features), { rtol: 2e-4 });
  });

  // TF.js' constructor spells it 'hardSigmoid'; model.json and Keras spell it 'hard_sigmoid'.
  const tfName = (name: string) => (name === 'hard_sigmoid' ? 'hardSigmoid' : name);
  it.each([
    ['tanh', 'hard_sigmoid', 2, 5, 3, 4, false, false, 1], ['tanh', 'hard_sigmoid', 3, 6, 4, 5, true, false, 3],
    ['tanh', 'hard_sigmoid', 2, 4, 3, 3, true, true, 3], ['relu', 'hard_sigmoid', 2, 5, 3, 4, true, false, 1],
    ['softsign', 'hard_sigmoid', 1, 4, 2, 3, false, false, 2], ['linear', 'sigmoid', 2, 3, 4, 2, true, false, 1],
    ['tanh', 'tanh', 2, 4, 3, 3, false, true, 1], ['sigmoid', 'hard_sigmoid', 3, 3, 2, 5, true, false, 2],
  ] as const)('general path matches tfjs: activation %s, recurrentActivation %s, batch %i, steps %i, features %i, units %i, returnSequences %s, goBackwards %s, input scale %i',
    (activation, recurrentActivation, batch, steps, features, units, returnSequences, goBackwards, scale) => {
      const ours = new LSTM({ units, activation, recurrentActivation, returnSequences, goBackwards });
      const theirs = tf.layers.lstm({ units, activation: tfName(activation), recurrentActivation: tfName(recurrentActivation), returnSequences, goBackwards } as never);
      // Larger inputs push some hard_sigmoid gates into saturation.
      compareLayer(ours, theirs, randomTensor([batch, steps, features], steps * 7 + units, scale), { rtol: 2e-4 });
    });

  it("tfjs' defaults (hard_sigmoid) and 'hardSigmoid' are understood; config writes Keras names", () => {
    const ours = new LSTM({ units: 3, recurrentActivation: 'hardSigmoid', returnSequences: true });
    expect(ours.recurrentActivation).toBe('hard_sigmoid');
    compareLayer(ours, tf.layers.lstm({ units: 3, returnSequences: true }), randomTensor([2, 5, 4], 77, 3), { rtol: 2e-4 });
    expect(ours.getConfig()).toMatchObject({ activation: 'tanh', recurrent_activation: 'hard_sigmoid' });
    expect(new LSTM({ units: 2, activation: 'relu' }).getConfig()).toMatchObject({ activation: 'relu', recurrent_activation: 'sigmoid' });
    expect(() => new LSTM({ units: 2, recurrentActivation: 'swish' })).toThrow(UnknownNameError);
  });

  describe('fused kernel use', () => {
    afterEach(() => vi.restoreAllMocks());
    it('tanh/sigmoid runs the fused kernels, bit for bit; other activations never call them', () => {
      const set = kernels();
      const x = randomTensor([2, 5, 3], 5);
      const layer = new LSTM({ units: 4, returnSequences: true });
      const general = new LSTM({ units: 4, recurrentActivation: 'hard_sigmoid', returnSequences: true });
      layer.apply(x); // build both, so their weights exist before the tape starts
      general.apply(x);
      const forward = vi.spyOn(set, 'lstmForward');
      const backward = vi.spyOn(set, 'lstmBackward');
      const { value } = valueAndGrads(() => layer.apply(x), layer.trainableWeights);
      expect(forward).toHaveBeenCalledTimes(1);
      expect(backward).toHaveBeenCalledTimes(1);
      // The layer's output is exactly the kernel's output on the same weights.
      const h = new Float32Array(2 * 5 * 4);
      set.lstmForward(x.data as Float32Array, layer.kernel!.data as Float32Array, layer.recurrentKernel!.data as Float32Array, layer.bias!.data as Float32Array,
        h, 2, 5, 3, 4);
      expect([...value.data]).toEqual([...h]);

      forward.mockClear();
      backward.mockClear();
      valueAndGrads(() => general.apply(x), general.trainableWeights);
      expect(forward).not.toHaveBeenCalled();
      expect(backward).not.toHaveBeenCalled();
    });
  });

  describe('inference and the last step', () => {
    afterEach(() => vi.restoreAllMocks());
    it.each([[false, 1, 9], [true, 3, 5], [false, 4, 17]])('outside a tape (returnSequences %s, batch %i, units %i) only the inference kernel runs, with the training forward\'s values', (returnSequences, batch, units) => {
      const set = kernels();
      const x = randomTensor([batch, 6, 3], 11 + units);
      const layer = new LSTM({ units, returnSequences });
      layer.apply(x);
      const forward = vi.spyOn(set, 'lstmForward');
      const predict = vi.spyOn(set, 'lstmPredict');
      const inferred = layer.apply(x);
      expect(predict).toHaveBeenCalledTimes(1);
      expect(forward).not.toHaveBeenCalled();
      const trained = valueAndGrads(() => layer.apply(x), layer.trainableWeights).value;
      expect(forward).toHaveBeenCalledTimes(1);
      expect(inferred.shape).toEqual(returnSequences ? [batch, 6, units] : [batch, units]);
      expect(trained.shape).toEqual(inferred.shape);
      expect([...inferred.data]).toEqual([...trained.data]);
    });

    it('returnSequences false: the gradient (through the last step only) passes the finite-difference check', () => {
      const layer = new LSTM({ units: 5 });
      const x = randomTensor([3, 4, 2], 21);
      layer.apply(x);
      assertGradients((input) => layer.apply(input), [x, ...layer.trainableWeights]);
    });

    it('a sequence of length 0 is rejected when only the last step is returned', () => {
      const layer = new LSTM({ units: 2, name: 'empty' });
      expect(() => layer.apply(randomTensor([2, 0, 3], 1))).toThrow(/'empty' got a sequence of length 0/);
    });
  });

  it('initialises with Keras defaults: orthogonal recurrent kernel, forget bias 1', () => {
    const layer = new LSTM({ units: 3 });
    layer.apply(randomTensor([1, 2, 4], 0));
    expect([...layer.bias!.data]).toEqual([0, 0, 0, 1, 1, 1, 0, 0, 0, 0, 0, 0]);
    const r = layer.recurrentKernel!.data; // [3, 12]: rows orthonormal
    for (let i = 0; i < 3; i++) {
      for (let j = 0; j < 3; j++) {
        let dot = 0;
        for (let k = 0; k < 12; k++) dot += r[i * 12 + k] * r[j * 12 + k];
        expect(dot).toBeCloseTo(i === j ? 1 : 0, 5);
      }
    }
  });

  it('passes the finite-difference gradient check', () => {
    const layer = new LSTM({ units: 3, returnSequences: true });
    const x = randomTensor([2, 4, 3], 7);
    layer.apply(x);
    assertGradients((input) => layer.apply(input), [x, ...layer.trainableWeights]);
  });

  it('config keys match TF.js with Keras values', () => {
    const ours = new LSTM({ units: 3 });
    expectConfigKeysMatch(ours, tf.layers.lstm({ units: 3 }));
    expect(ours.getConfig()).toMatchObject({ recurrent_activation: 'sigmoid', unit_forget_bias: true, recurrent_initializer: { class_name: 'Orthogonal' } });
  });

  it('input dropout is training-only and unsupported options fail clearly', () => {
    const layer = new LSTM({ units: 2, dropout: 0.5, seed: 1 });
    const x = randomTensor([2, 3, 4], 8);
    const a = layer.apply(x);
    expect([...layer.apply(x).data]).toEqual([...a.data]);
    expect([...layer.apply(x, { training: true }).data]).not.toEqual([...a.data]);
    expect(() => new LSTM({ units: 2, recurrentDropout: 0.1 })).toThrow(ValueError);
    expect(() => new LSTM({ units: 2, returnState: true })).toThrow(ValueError);
    expect(() => layer.apply(randomTensor([2, 3], 0))).toThrow(/rank 3/);
  });
});
