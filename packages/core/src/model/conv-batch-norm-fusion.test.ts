import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ActivationLayer } from '../layers/activation.js';
import { BatchNormalization } from '../layers/batch-normalization.js';
import { Conv2D } from '../layers/conv2d.js';
import { DepthwiseConv2D } from '../layers/depthwise-conv2d.js';
import { GlobalAveragePooling2D } from '../layers/global-average-pooling2d.js';
import { resetLayerNames } from '../layers/layer.js';
import { setSeed } from '../random.js';
import { noGrad } from '../tape.js';
import { expectClose, randomTensor } from '../testing/oracle.js';
import type { Tensor } from '../tensor.js';
import { sequential, type Sequential } from './sequential.js';

beforeEach(() => {
  resetLayerNames();
  setSeed(13);
});

afterEach(() => {
  vi.restoreAllMocks();
});

/** Conv2D → BN → Activation(first) → DepthwiseConv2D → BN (→ Activation(second)) → GAP. */
function model(first: string, second: string | null): Sequential {
  const m = sequential({ seed: 3 });
  m.add(new Conv2D({ filters: 6, kernelSize: 3, strides: 2, padding: 'same', useBias: false, inputShape: [11, 9, 3] }));
  m.add(new BatchNormalization());
  m.add(new ActivationLayer({ activation: first }));
  m.add(new DepthwiseConv2D({ kernelSize: 3, padding: 'same' }));
  m.add(new BatchNormalization());
  if (second !== null) m.add(new ActivationLayer({ activation: second }));
  m.add(new GlobalAveragePooling2D());
  m.build([null, 11, 9, 3]);
  // Moving statistics and scales far from 1 and 0, so a wrong fold shows; large enough values that relu6 clamps.
  m.layers.forEach((layer, i) => {
    if (!(layer instanceof BatchNormalization)) return;
    const c = layer.gamma!.size;
    layer.gamma!.assign(randomTensor([c], 10 + i, 3));
    layer.beta!.assign(randomTensor([c], 20 + i, 2));
    layer.movingMean!.assign(randomTensor([c], 30 + i));
    layer.movingVariance!.assign(randomTensor([c], 40 + i).data.map((v) => v * v + 0.05));
  });
  return m;
}

/** The layers applied one by one, in inference mode: the unfused result. */
function layerByLayer(m: Sequential, x: Tensor): Float32Array {
  return noGrad(() => m.layers.reduce((y, l) => l.apply(y, { training: false }), x)).data as Float32Array;
}

describe('Sequential conv → BatchNormalization (→ relu / relu6) fusion', () => {
  it.each([['relu6', 'relu'], ['relu', null], ['sigmoid', 'relu6']] as const)('predict equals the layers one by one (%s, then %s), without a BatchNormalization call', (first, second) => {
    const m = model(first, second);
    const x = randomTensor([2, 11, 9, 3], 7, 2);
    const expected = layerByLayer(m, x);
    const bnCalls = vi.spyOn(BatchNormalization.prototype, 'call');
    const fused = m.predict(x).data;
    expect(bnCalls).not.toHaveBeenCalled();
    expectClose(fused, expected, 1e-5);
  });

  it('training steps still run the layers one by one (the BN uses batch statistics)', () => {
    const m = model('relu6', 'relu6');
    m.compile({ optimizer: 'sgd', loss: 'mse' });
    const bnCalls = vi.spyOn(BatchNormalization.prototype, 'call');
    m.trainOnBatch(randomTensor([2, 11, 9, 3], 8), randomTensor([2, 6], 9));
    expect(bnCalls).toHaveBeenCalledTimes(2);
  });
});
