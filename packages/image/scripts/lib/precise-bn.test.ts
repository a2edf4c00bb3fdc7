import { describe, expect, it } from 'vitest';
import { layers, sequential, tensor } from '@neurite/core';
import { init } from '@neurite/kernels';
import { recalibrateBatchNorm } from './precise-bn.js';

describe('recalibrateBatchNorm', () => {
  it('sets each BatchNormalization layer to the exact mean and biased variance of its input', async () => {
    await init();
    const model = sequential();
    model.add(layers.dense({ units: 2, useBias: false, inputShape: [2], kernelInitializer: 'ones' }));
    model.add(layers.batchNormalization({}));
    model.add(layers.dense({ units: 1, useBias: false, kernelInitializer: 'ones' }));
    model.add(layers.batchNormalization({}));
    // Dense with a ones kernel: both units output a + b for the row (a, b): 3, 7, 11, 2, 2.
    const x = tensor(Float32Array.from([1, 2, 3, 4, 5, 6, 1, 1, 0, 2]), [5, 2]);
    recalibrateBatchNorm(model, x, 2); // chunks of 2 rows: 2, 2, 1
    const [, , mean, variance] = model.layers[1].getWeights();
    // mean 25 / 5 = 5; variance (4 + 4 + 36 + 9 + 9) / 5 = 12.4
    expect(Array.from(mean.data)).toEqual([5, 5]);
    expect(variance.data[0]).toBeCloseTo(12.4, 4);
    expect(variance.data[1]).toBeCloseTo(12.4, 4);
    // The second BN sees the first one's output (with the new statistics): (s − 5) / sqrt(12.4 + 1e-3)
    // per unit, summed over the two units by the ones kernel → mean 0, variance 4 · 12.4 / 12.401.
    const [, , mean2, variance2] = model.layers[3].getWeights();
    expect(mean2.data[0]).toBeCloseTo(0, 5);
    expect(variance2.data[0]).toBeCloseTo((4 * 12.4) / 12.401, 4);
  });
});
