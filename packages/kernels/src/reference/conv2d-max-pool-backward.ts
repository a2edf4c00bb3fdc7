import { checkConv2dMaxPoolBackward, tapError } from '../checks/conv2d-max-pool-train.js';
import { pooledInfo } from '../checks/conv2d-max-pool.js';
import { Activation, type Conv2DInfo } from '../kernel-set.js';
import { conv2dBackward } from './conv2d-backward.js';

/** dy routed to each window's recorded tap (the conv output gradient), then conv2dBackward with a linear activation. */
export function conv2dMaxPoolBackward(x: Float32Array, filter: Float32Array, taps: Int32Array, dy: Float32Array, dx: Float32Array | null, dfilter: Float32Array, dbias: Float32Array | null, info: Conv2DInfo): void {
  checkConv2dMaxPoolBackward(x, filter, taps, dy, dx, dfilter, dbias, info);
  const bad = taps.findIndex((t) => t < -1 || t > 3);
  if (bad >= 0) throw tapError(taps, bad);
  const p = pooledInfo(info);
  const c = info.outC;
  const dz = new Float32Array(info.batch * info.outH * info.outW * c);
  for (let b = 0; b < info.batch; b++) {
    for (let py = 0; py < p.outH; py++) {
      for (let px = 0; px < p.outW; px++) {
        for (let ch = 0; ch < c; ch++) {
          const o = ((b * p.outH + py) * p.outW + px) * c + ch;
          const t = taps[o];
          if (t < 0) continue;
          const y = 2 * py + (t >> 1);
          const xx = 2 * px + (t & 1);
          dz[((b * info.outH + y) * info.outW + xx) * c + ch] = 0 + dy[o];
        }
      }
    }
  }
  conv2dBackward(x, filter, null, dz, Activation.Linear, dx, dfilter, dbias, info);
}
