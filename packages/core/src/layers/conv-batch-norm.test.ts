import { beforeAll, describe, expect, it } from 'vitest';
import { valueAndGrads } from '../tape.js';
import { expectClose, randomTensor, setupBackends } from '../testing/oracle.js';
import { sum } from '../ops/index.js';
import { BatchNormalization } from './batch-normalization.js';
import { Conv2D } from './conv2d.js';
import { convBatchNormInfer } from './conv-batch-norm.js';
import { DepthwiseConv2D } from './depthwise-conv2d.js';

beforeAll(setupBackends);

/** A built BatchNormalization over `channels` with non-trivial weights and moving statistics. */
function batchNorm(channels: number, seed: number): BatchNormalization {
  const bn = new BatchNormalization({ epsilon: 1e-3 });
  bn.build([null, null, null, channels]);
  bn.built = true;
  bn.gamma!.assign(randomTensor([channels], seed));
  bn.beta!.assign(randomTensor([channels], seed + 1));
  bn.movingMean!.assign(randomTensor([channels], seed + 2));
  bn.movingVariance!.assign(randomTensor([channels], seed + 3).data.map((v) => v * v + 0.1));
  return bn;
}

/** The two layers one after the other, in inference mode. */
function unfused(conv: Conv2D | DepthwiseConv2D, bn: BatchNormalization, x: ReturnType<typeof randomTensor>) {
  return bn.apply(conv.apply(x, { training: false }), { training: false });
}

describe('convBatchNormInfer', () => {
  it('a Conv2D (bias, stride 2, same padding) and a DepthwiseConv2D (multiplier 2) with the BN folded in give the two layers\' output', () => {
    const x = randomTensor([2, 9, 7, 3], 1);
    const conv = new Conv2D({ filters: 5, kernelSize: 3, strides: 2, padding: 'same' });
    conv.apply(x); // builds it
    conv.bias!.assign(randomTensor([5], 2));
    const bn = batchNorm(5, 10);
    expectClose(convBatchNormInfer(conv, bn, x)!.data, unfused(conv, bn, x).data, 1e-5);

    const depthwise = new DepthwiseConv2D({ kernelSize: 3, depthMultiplier: 2, padding: 'valid', useBias: false });
    depthwise.apply(x);
    const dbn = batchNorm(6, 20);
    expectClose(convBatchNormInfer(depthwise, dbn, x)!.data, unfused(depthwise, dbn, x).data, 1e-5);
  });

  it('follows a change of any weight (the folded kernel is made again)', () => {
    const x = randomTensor([1, 6, 6, 4], 3);
    const conv = new Conv2D({ filters: 4, kernelSize: 1, useBias: false });
    conv.apply(x);
    const bn = batchNorm(4, 30);
    const before = convBatchNormInfer(conv, bn, x)!.data.slice();
    bn.movingMean!.assign(randomTensor([4], 40));
    const afterMean = convBatchNormInfer(conv, bn, x)!;
    expect(Array.from(afterMean.data)).not.toEqual(Array.from(before));
    expectClose(afterMean.data, unfused(conv, bn, x).data, 1e-5);
    conv.kernel!.assign(randomTensor(conv.kernel!.shape as number[], 41));
    expectClose(convBatchNormInfer(conv, bn, x)!.data, unfused(conv, bn, x).data, 1e-5);
  });

  it('declines while a tape records, for a conv with an activation, and for a BN of another width', () => {
    const x = randomTensor([1, 5, 5, 2], 4);
    const conv = new Conv2D({ filters: 3, kernelSize: 3 });
    conv.apply(x);
    const bn = batchNorm(3, 50);
    valueAndGrads(() => {
      expect(convBatchNormInfer(conv, bn, x)).toBeNull();
      return sum(x);
    }, [x]);
    const activated = new Conv2D({ filters: 3, kernelSize: 3, activation: 'relu' });
    activated.apply(x);
    expect(convBatchNormInfer(activated, bn, x)).toBeNull();
    expect(convBatchNormInfer(conv, batchNorm(4, 60), x)).toBeNull();
  });
});
