import { checkGlobalAvgPool } from '../checks/pool.js';

/** out[b,c] = mean over s of x[b,s,c]. */
export function globalAvgPool(x: Float32Array, out: Float32Array, batch: number, spatial: number, channels: number): void {
  checkGlobalAvgPool(x, out, batch, spatial, channels);
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
