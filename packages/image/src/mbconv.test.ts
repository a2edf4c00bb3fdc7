import * as tf from '@tensorflow/tfjs';
import { assertGradients, layers, loadModel, sequential, Tensor, valueAndGrads, ValueError } from '@neurite/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { MBConv } from './mbconv.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

function random(shape: number[], seed: number, lo = -1, hi = 1): Tensor {
  let s = seed >>> 0;
  const data = Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return lo + ((s >>> 8) / 2 ** 24) * (hi - lo);
  });
  return new Tensor(data, shape);
}

/** Random weights for every variable; BN variances positive, so moving statistics matter. */
function randomize(block: MBConv, seed: number): void {
  block.setWeights(block.weights.map((w, i) => (w.name.endsWith('moving_variance') ? random(w.shape, seed + i, 0.5, 2) : random(w.shape, seed + i, -0.6, 0.6))));
}

/** The same block as a TF.js functional model, from TF.js' own layers. */
function tfjsBlock(inputShape: number[], filters: number, expandRatio: number, kernelSize: number, strides: number): tf.LayersModel {
  const input = tf.input({ shape: inputShape });
  const channels = inputShape[2];
  let x: tf.SymbolicTensor = input;
  const relu6 = () => tf.layers.activation({ activation: 'relu6' });
  const bn = () => tf.layers.batchNormalization({ epsilon: 1e-3 });
  if (expandRatio !== 1) x = relu6().apply(bn().apply(tf.layers.conv2d({ filters: channels * expandRatio, kernelSize: 1, padding: 'same', useBias: false }).apply(x))) as tf.SymbolicTensor;
  x = relu6().apply(bn().apply(tf.layers.depthwiseConv2d({ kernelSize, strides, padding: 'same', useBias: false }).apply(x))) as tf.SymbolicTensor;
  x = bn().apply(tf.layers.conv2d({ filters, kernelSize: 1, padding: 'same', useBias: false }).apply(x)) as tf.SymbolicTensor;
  if (strides === 1 && channels === filters) x = tf.layers.add().apply([x, input]) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: x });
}

function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tolerance: number, what: string): void {
  expect(actual.length, what).toBe(expected.length);
  let scale = 1e-6;
  for (let i = 0; i < expected.length; i++) scale = Math.max(scale, Math.abs(expected[i]));
  for (let i = 0; i < expected.length; i++) {
    if (!(Math.abs(actual[i] - expected[i]) <= tolerance * scale)) expect.fail(`${what}[${i}]: ${actual[i]} vs ${expected[i]} (scale ${scale})`);
  }
}

// [filters, expandRatio, kernelSize, strides, input h, w, c]: residual, expand + stride 2 on odd sides
// (TF 'same' pads the extra row/column bottom/right), and a channel change without residual.
const CASES = [
  [8, 1, 3, 1, 6, 5, 8],
  [6, 6, 5, 2, 7, 9, 4],
  [5, 3, 3, 1, 5, 6, 3],
] as const;

describe('MBConv', () => {
  it.each(CASES)('matches a TF.js functional model of the same layers: filters %i, expand %i, kernel %i, strides %i', (filters, expandRatio, kernelSize, strides, h, w, c) => {
    const ours = new MBConv({ filters, expandRatio, kernelSize, strides });
    const x = random([2, h, w, c], 7);
    ours.apply(x);
    randomize(ours, 100);
    const theirs = tfjsBlock([h, w, c], filters, expandRatio, kernelSize, strides);
    // Layer by layer: a TF.js model lists all trainable weights before the non-trainable ones.
    const values = ours.getWeights();
    for (const layer of theirs.layers) layer.setWeights(values.splice(0, layer.getWeights().length).map((t) => tf.tensor(t.data, t.shape)));
    const xt = tf.tensor(x.data, x.shape);
    for (const training of [false, true]) {
      const out = ours.apply(x, { training });
      const expected = theirs.apply(xt, { training }) as tf.Tensor;
      expect(out.shape).toEqual(expected.shape);
      expectClose(out.data, expected.dataSync(), 1e-4, `forward, training ${training}`);
    }
    // Gradients of Σ out·dy with respect to the input and every trainable weight (training mode).
    const dy = random(ours.computeOutputShape([2, h, w, c]) as number[], 11);
    const dyt = tf.tensor(dy.data, dy.shape);
    const sources = [x, ...ours.trainableWeights];
    const { grads } = valueAndGrads(() => ours.apply(x, { training: true }), sources, dy);
    const loss = (input: tf.Tensor) => tf.sum(tf.mul(theirs.apply(input, { training: true }) as tf.Tensor, dyt)) as tf.Scalar;
    const vars = theirs.trainableWeights.map((v) => v.read() as tf.Variable);
    expect(vars.length).toBe(ours.trainableWeights.length);
    const weightGrads = tf.variableGrads(() => loss(xt), vars).grads;
    const expected = [tf.grad(loss)(xt), ...vars.map((v) => weightGrads[v.name])];
    grads.forEach((g, i) => expectClose(g.data, expected[i].dataSync(), 1e-3, i === 0 ? 'grad of input' : `grad of weight ${ours.trainableWeights[i - 1].name}`));
  });

  it('passes the finite-difference gradient check through the residual block', () => {
    const block = new MBConv({ filters: 4, expandRatio: 2, kernelSize: 3 });
    const x = random([1, 4, 4, 4], 3);
    block.apply(x);
    randomize(block, 5);
    assertGradients((input) => block.apply(input, { training: true }), [x], { epsilon: 1e-2, tolerance: 2e-2 });
  });

  it('saves and loads (config and weights) inside a Sequential, given as a custom layer', async () => {
    const model = sequential({ layers: [new MBConv({ name: 'b0', filters: 6, expandRatio: 3, kernelSize: 3, strides: 2, inputShape: [6, 6, 4] }), new MBConv({ name: 'b1', filters: 6, expandRatio: 6, kernelSize: 5 })] });
    model.build([null, 6, 6, 4]);
    for (const layer of model.layers) randomize(layer as MBConv, 9);
    const x = random([2, 6, 6, 4], 13);
    const artifacts = await model.save('memory');
    expect(artifacts.weightSpecs!.map((s) => s.name)).toContain('b1/b1_dwconv/depthwise_kernel');
    const loaded = await loadModel(artifacts, { customLayers: { MBConv } });
    expect(loaded.layers.map((l) => l.getConfig())).toEqual(model.layers.map((l) => l.getConfig()));
    expect(Array.from(loaded.predict(x).data)).toEqual(Array.from(model.predict(x).data));
  });

  it('frozen: no trainable weights, and its BatchNormalizations use their moving statistics even in training', () => {
    const block = new MBConv({ filters: 4, expandRatio: 2, kernelSize: 3 });
    const x = random([3, 4, 4, 4], 17);
    block.apply(x);
    randomize(block, 21);
    const count = block.weights.length;
    block.trainable = false;
    expect(block.trainableWeights).toEqual([]);
    expect(block.nonTrainableWeights.length).toBe(count);
    expect(Array.from(block.apply(x, { training: true }).data)).toEqual(Array.from(block.apply(x).data));
    block.trainable = true;
    expect(Array.from(block.apply(x, { training: true }).data)).not.toEqual(Array.from(block.apply(x).data));
  });

  it('counts the parameters of the expand, depthwise and project convolutions and their BatchNorms', () => {
    const model = sequential({ layers: [layers.conv2d({ filters: 16, kernelSize: 1, inputShape: [8, 8, 3] }), new MBConv({ filters: 24, expandRatio: 6, kernelSize: 3, strides: 2 })] });
    model.build([null, 8, 8, 3]);
    // expand 16·96 + BN 4·96, depthwise 9·96 + BN 4·96, project 96·24 + BN 4·24
    expect(model.layers[1].countParams()).toBe(16 * 96 + 4 * 96 + 9 * 96 + 4 * 96 + 96 * 24 + 4 * 24);
    expect(model.outputShape).toEqual([null, 4, 4, 24]);
  });

  it('refuses bad arguments with a ValueError that names the argument', () => {
    expect(() => new MBConv({ filters: 0, expandRatio: 6, kernelSize: 3 })).toThrow(ValueError);
    expect(() => new MBConv({ filters: 8, expandRatio: 1.5, kernelSize: 3 })).toThrow(/expandRatio/);
    expect(() => new MBConv({ filters: 8, expandRatio: 6, kernelSize: 3, strides: 0 })).toThrow(/strides/);
  });
});
