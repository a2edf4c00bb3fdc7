import { checkAdamUpdate } from '../checks/optimizers.js';
import { beginCall, bytesFor, put, take } from '../scratch.js';
import { splitBatch } from '../threads.js';

type AdamUpdate = (param: number, grad: number, m: number, v: number, n: number, lr: number, beta1: number, beta2: number, epsilon: number, c1: number, c2: number, weightDecay: number) => void;

/** Values per unit of work when deciding whether to split an update (~10 operations each). */
const BLOCK = 1024;

export function adamUpdate(param: Float32Array, grad: Float32Array, m: Float32Array, v: Float32Array, lr: number, beta1: number, beta2: number, epsilon: number, step: number, weightDecay: number): void {
  checkAdamUpdate(param, grad, m, v, step);
  const w = beginCall(bytesFor(param.length, grad.length, m.length, v.length));
  const pp = put(param);
  const pg = put(grad);
  const pm = put(m);
  const pv = put(v);
  // bias corrections 1 - β^t in f64: β^t underflows gracefully for large t
  const settings = [lr, beta1, beta2, epsilon, 1 - Math.pow(beta1, step), 1 - Math.pow(beta2, step), weightDecay];
  const n = param.length;
  // Kernel threads: blocks of values, the helper updating the last ones (values are independent).
  const split = splitBatch(Math.floor(n / BLOCK), BLOCK, 10 * n);
  if (split !== null) {
    const { helper, row } = split;
    const first = split.half * BLOCK;
    helper.run('adam_update', [row(pp, 1), row(pg, 1), row(pm, 1), row(pv, 1), n - first, ...settings]);
    (w.adam_update as AdamUpdate)(pp, pg, pm, pv, first, ...(settings as [number, number, number, number, number, number, number]));
    helper.wait();
  } else {
    (w.adam_update as AdamUpdate)(pp, pg, pm, pv, n, ...(settings as [number, number, number, number, number, number, number]));
  }
  take(pp, param);
  take(pm, m);
  take(pv, v);
}
