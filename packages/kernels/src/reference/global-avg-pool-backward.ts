import { checkGlobalAvgPoolBackward } from '../checks/pool.js';

/** dx[b,s,c] = dy[b,c] / spatial. */
export function globalAvgPoolBackward(dy: Float32Array, dx: Float32Array, batch: number, spatial: number, channels: number): void {
  checkGlobalAvgPoolBackward(dy, dx, batch, spatial, channels);
  for (let b = 0; b < batch; b++) {
    for (let s = 0; s < spatial; s++) {
      const i = (b * spatial + s) * channels;
      for (let c = 0; c < channels; c++) dx[i + c] = dy[b * channels + c] / spatial;
    }
  }
}
