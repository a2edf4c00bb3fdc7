import { checkDim, checkLength } from '../check.js';
import { beginCall, bytesFor, put, space, take } from '../scratch.js';

type GlobalBackward = (dy: number, dx: number, batch: number, spatial: number, channels: number) => void;

export function globalAvgPoolBackward(dy: Float32Array, dx: Float32Array, batch: number, spatial: number, channels: number): void {
  const name = 'globalAvgPoolBackward';
  checkDim(name, 'batch', batch);
  checkDim(name, 'spatial', spatial, 1);
  checkDim(name, 'channels', channels);
  checkLength(name, 'dy', dy, batch * channels);
  checkLength(name, 'dx', dx, batch * spatial * channels);
  const w = beginCall(bytesFor(dy.length, dx.length));
  const pdy = put(dy);
  const pdx = space(dx.length);
  (w.global_avg_pool_backward as GlobalBackward)(pdy, pdx, batch, spatial, channels);
  take(pdx, dx);
}
