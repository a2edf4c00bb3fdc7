/**
 * Vanilla-gradient saliency (Simonyan et al. 2014): the gradient of each image's winning score
 * with respect to its input pixels, through core's tape; per pixel the largest |gradient| over the
 * three channels, divided by the image's maximum so the map is in [0, 1].
 */
import { tensor, valueAndGrads, type Sequential, type Tensor } from '@neurite/core';

/**
 * `x` is the NHWC input batch, `sign[i]` is +1 when the winning class of image i is the one the
 * sigmoid output scores (label 1) and −1 otherwise (its score is 1 − p). Returns one map per image.
 */
export function saliencyMaps(model: Sequential, x: Tensor, sign: readonly number[]): Float32Array[] {
  const [n, h, w] = x.shape;
  // Inference-mode layers treat every image independently, so one backward pass with a per-image
  // seed of ±1 gives each image the gradient of its own winning score.
  const dy = tensor(Float32Array.from(sign), [n, 1]);
  const grad = valueAndGrads(() => model.call(x, false), [x], dy).grads[0].data as Float32Array;
  const maps: Float32Array[] = [];
  for (let i = 0; i < n; i++) {
    const map = new Float32Array(h * w);
    let max = 0;
    for (let p = 0; p < h * w; p++) {
      const at = (i * h * w + p) * 3;
      const v = Math.max(Math.abs(grad[at]), Math.abs(grad[at + 1]), Math.abs(grad[at + 2]));
      map[p] = v;
      if (v > max) max = v;
    }
    if (max > 0) for (let p = 0; p < h * w; p++) map[p] /= max;
    maps.push(map);
  }
  return maps;
}
