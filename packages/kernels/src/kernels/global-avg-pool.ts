import { checkGlobalAvgPool } from '../checks/pool.js';
import { beginCall, bytesFor, put, space, take } from '../scratch.js';

type Global = (x: number, out: number, batch: number, spatial: number, channels: number) => void;

export function globalAvgPool(x: Float32Array, out: Float32Array, batch: number, spatial: number, channels: number): void {
  checkGlobalAvgPool(x, out, batch, spatial, channels);
  const w = beginCall(bytesFor(x.length, out.length));
  const px = put(x);
  const pout = space(out.length);
  (w.global_avg_pool as Global)(px, pout, batch, spatial, channels);
  take(pout, out);
}
