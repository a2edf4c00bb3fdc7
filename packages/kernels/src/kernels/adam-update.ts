import { checkAdamUpdate } from '../checks/optimizers.js';
import { keepUpdate } from '../resident.js';
import { beginCall, bytesFor, put, take } from '../scratch.js';
import { splitElements } from '../threads.js';

type Rest = [lr: number, beta1: number, beta2: number, epsilon: number, c1: number, c2: number, weightDecay: number];
type AdamUpdate = (param: number, grad: number, m: number, v: number, n: number, ...rest: Rest) => void;

export function adamUpdate(param: Float32Array, grad: Float32Array, m: Float32Array, v: Float32Array, lr: number, beta1: number, beta2: number, epsilon: number, step: number, weightDecay: number): void {
  checkAdamUpdate(param, grad, m, v, step);
  const w = beginCall(bytesFor(param.length, grad.length, m.length, v.length));
  const pp = put(param);
  const pg = put(grad);
  const pm = put(m);
  const pv = put(v);
  // bias corrections 1 - β^t in f64: β^t underflows gracefully for large t
  const rest: Rest = [lr, beta1, beta2, epsilon, 1 - Math.pow(beta1, step), 1 - Math.pow(beta2, step), weightDecay];
  const split = splitElements(param.length);
  if (split !== null) {
    // Kernel threads: each element's update is independent, so the halves give one call's result.
    const { helper, half } = split;
    const at = 4 * half;
    helper.run('adam_update', [pp + at, pg + at, pm + at, pv + at, param.length - half, ...rest]);
    (w.adam_update as AdamUpdate)(pp, pg, pm, pv, half, ...rest);
    helper.wait();
  } else {
    (w.adam_update as AdamUpdate)(pp, pg, pm, pv, param.length, ...rest);
  }
  take(pp, param);
  // Resident moments keep their update in WASM memory only (read them after syncResident).
  if (!keepUpdate(m, pm)) take(pm, m);
  if (!keepUpdate(v, pv)) take(pv, v);
}
