import { checkDim, checkLength } from '../check.js';
import { beginCall, bytesFor, put, space, take } from '../scratch.js';

type Global = (x: number, out: number, batch: number, spatial: number, channels: number) => void;

export function globalAvgPool(x: Float32Array, out: Float32Array, batch: number, spatial: number, channels: number): void {
  const name = 'globalAvgPool';
  checkDim(name, 'batch', batch);
  checkDim(name, 'spatial', spatial, 1);
  checkDim(name, 'channels', channels);
  checkLength(name, 'x', x, batch * spatial * channels);
  checkLength(name, 'out', out, batch * channels);
  const w = beginCall(bytesFor(x.length, out.length));
  const px = put(x);
  const pout = space(out.length);
  (w.global_avg_pool as Global)(px, pout, batch, spatial, channels);
  take(pout, out);
}
