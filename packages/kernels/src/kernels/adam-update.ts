import { checkAdamUpdate } from '../checks/optimizers.js';
import { keepUpdate } from '../resident.js';
import { beginCall, bytesFor, put, take } from '../scratch.js';

type AdamUpdate = (param: number, grad: number, m: number, v: number, n: number, lr: number, beta1: number, beta2: number, epsilon: number, c1: number, c2: number, weightDecay: number) => void;

export function adamUpdate(param: Float32Array, grad: Float32Array, m: Float32Array, v: Float32Array, lr: number, beta1: number, beta2: number, epsilon: number, step: number, weightDecay: number): void {
  checkAdamUpdate(param, grad, m, v, step);
  const w = beginCall(bytesFor(param.length, grad.length, m.length, v.length));
  const pp = put(param);
  const pg = put(grad);
  const pm = put(m);
  const pv = put(v);
  // bias corrections 1 - β^t in f64: β^t underflows gracefully for large t
  (w.adam_update as AdamUpdate)(pp, pg, pm, pv, param.length, lr, beta1, beta2, epsilon, 1 - Math.pow(beta1, step), 1 - Math.pow(beta2, step), weightDecay);
  take(pp, param);
  // Resident moments keep their update in WASM memory only (read them after syncResident).
  if (!keepUpdate(m, pm)) take(pm, m);
  if (!keepUpdate(v, pv)) take(pv, v);
}
