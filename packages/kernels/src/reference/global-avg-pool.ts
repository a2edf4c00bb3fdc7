import { checkDim, checkLength } from '../check.js';

/** out[b,c] = mean over s of x[b,s,c]. */
export function globalAvgPool(x: Float32Array, out: Float32Array, batch: number, spatial: number, channels: number): void {
  const name = 'globalAvgPool';
  checkDim(name, 'batch', batch);
  checkDim(name, 'spatial', spatial, 1);
  checkDim(name, 'channels', channels);
  checkLength(name, 'x', x, batch * spatial * channels);
  checkLength(name, 'out', out, batch * channels);
  const acc = new Float64Array(channels);
  for (let b = 0; b < batch; b++) {
    acc.fill(0);
    for (let s = 0; s < spatial; s++) {
      const i = (b * spatial + s) * channels;
      for (let c = 0; c < channels; c++) acc[c] += x[i + c];
    }
    for (let c = 0; c < channels; c++) out[b * channels + c] = acc[c] / spatial;
  }
}
