import { checkSgdUpdate } from '../checks/optimizers.js';
import { beginCall, bytesFor, put, take } from '../scratch.js';

type SgdUpdate = (param: number, grad: number, velocity: number, n: number, lr: number, momentum: number, nesterov: number) => void;

export function sgdUpdate(param: Float32Array, grad: Float32Array, velocity: Float32Array, lr: number, momentum: number, nesterov: boolean): void {
  checkSgdUpdate(param, grad, velocity);
  const w = beginCall(bytesFor(param.length, grad.length, velocity.length));
  const pp = put(param);
  const pg = put(grad);
  const pv = put(velocity);
  (w.sgd_update as SgdUpdate)(pp, pg, pv, param.length, lr, momentum, nesterov ? 1 : 0);
  take(pp, param);
  take(pv, velocity);
}
