import { checkGlobalAvgPoolBackward } from '../checks/pool.js';
import { beginCall, bytesFor, put, space, take } from '../scratch.js';

type GlobalBackward = (dy: number, dx: number, batch: number, spatial: number, channels: number) => void;

export function globalAvgPoolBackward(dy: Float32Array, dx: Float32Array, batch: number, spatial: number, channels: number): void {
  checkGlobalAvgPoolBackward(dy, dx, batch, spatial, channels);
  const w = beginCall(bytesFor(dy.length, dx.length));
  const pdy = put(dy);
  const pdx = space(dx.length);
  (w.global_avg_pool_backward as GlobalBackward)(pdy, pdx, batch, spatial, channels);
  take(pdx, dx);
}
