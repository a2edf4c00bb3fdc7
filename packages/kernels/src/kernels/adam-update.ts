import { checkAdamUpdate } from '../checks/optimizers.js';
import { beginCall, bytesFor, put, take } from '../scratch.js';
import { activeHelper } from '../threads.js';

/** From this many values an update is split with the kernel threads' helper (below, the hand-off costs more than it saves). */
const SPLIT_FROM = 1 << 16;

type AdamUpdate = (param: number, grad: number, m: number, v: number, n: number, lr: number, beta1: number, beta2: number, epsilon: number, c1: number, c2: number, weightDecay: number) => void;

export function adamUpdate(param: Float32Array, grad: Float32Array, m: Float32Array, v: Float32Array, lr: number, beta1: number, beta2: number, epsilon: number, step: number, weightDecay: number): void {
  checkAdamUpdate(param, grad, m, v, step);
  const w = beginCall(bytesFor(param.length, grad.length, m.length, v.length));
  const pp = put(param);
  const pg = put(grad);
  const pm = put(m);
  const pv = put(v);
  // bias corrections 1 - β^t in f64: β^t underflows gracefully for large t
  const args: [number, number, number, number, number, number, number] = [lr, beta1, beta2, epsilon, 1 - Math.pow(beta1, step), 1 - Math.pow(beta2, step), weightDecay];
  const helper = param.length >= SPLIT_FROM ? activeHelper() : null;
  if (helper !== null) {
    // Kernel threads: the second half of the values on the helper; elementwise, so bit for bit.
    const half = (param.length >> 1) & ~3;
    helper.run('adam_update', [pp + 4 * half, pg + 4 * half, pm + 4 * half, pv + 4 * half, param.length - half, ...args]);
    (w.adam_update as AdamUpdate)(pp, pg, pm, pv, half, ...args);
    helper.wait();
  } else {
    (w.adam_update as AdamUpdate)(pp, pg, pm, pv, param.length, ...args);
  }
  take(pp, param);
  take(pm, m);
  take(pv, v);
}
