/**
 * "Precise BatchNorm": replaces every BatchNormalization layer's moving mean and variance with the
 * exact mean and variance of its input over a set of images, computed with the final weights.
 *
 * Why: the moving statistics are exponential averages (momentum 0.99) of batch statistics taken
 * while the weights were still changing, and with a worker pool each shard's variance misses the
 * spread between shard means. Both make inference-mode outputs drift from what training saw.
 * Layers are recalibrated in order, each with the statistics of the layers before it already fixed.
 */
import { noGrad, tensor, type Layer, type Sequential, type Tensor } from '@neurite/core';

/** `x`: the images (any input shape, rows first), read in chunks of `chunk` rows. */
export function recalibrateBatchNorm(model: Sequential, x: Tensor, chunk = 100): void {
  const count = x.shape[0];
  const per = x.size / count;
  const data = x.data as Float32Array;
  const layers = model.layers;
  layers.forEach((layer, at) => {
    if (layer.getClassName() !== 'BatchNormalization') return;
    let sum: Float64Array | null = null;
    let sumSq: Float64Array | null = null;
    let rows = 0;
    for (let start = 0; start < count; start += chunk) {
      const n = Math.min(chunk, count - start);
      const rowsIn = tensor(data.subarray(start * per, (start + n) * per), [n, ...x.shape.slice(1)]);
      const input = runPrefix(layers, at, rowsIn).data as Float32Array;
      const channels = layer.getWeights()[2].shape[0];
      sum ??= new Float64Array(channels);
      sumSq ??= new Float64Array(channels);
      for (let i = 0; i < input.length; i++) {
        const v = input[i];
        sum[i % channels] += v;
        sumSq[i % channels] += v * v;
      }
      rows += input.length / channels;
    }
    const mean = Float32Array.from(sum!, (s) => s / rows);
    const variance = Float32Array.from(sumSq!, (s, c) => Math.max(0, s / rows - mean[c] * mean[c]));
    const [gamma, beta] = layer.getWeights();
    layer.setWeights([gamma, beta, tensor(mean, [mean.length]), tensor(variance, [variance.length])]);
  });
}

/** The input of layers[end]: x through layers[0 .. end-1] in inference mode. */
function runPrefix(layers: readonly Layer[], end: number, x: Tensor): Tensor {
  return noGrad(() => {
    let out = x;
    for (let i = 0; i < end; i++) out = layers[i].apply(out, { training: false }) as Tensor;
    return out;
  });
}
