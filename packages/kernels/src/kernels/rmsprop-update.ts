import { checkRmspropUpdate } from '../checks/optimizers.js';
import { beginCall, bytesFor, put, take } from '../scratch.js';

type RmspropUpdate = (param: number, grad: number, meanSquare: number, momentumBuf: number, n: number, lr: number, rho: number, momentum: number, epsilon: number) => void;

export function rmspropUpdate(param: Float32Array, grad: Float32Array, meanSquare: Float32Array, momentumBuf: Float32Array, lr: number, rho: number, momentum: number, epsilon: number): void {
  checkRmspropUpdate(param, grad, meanSquare, momentumBuf);
  const w = beginCall(bytesFor(param.length, grad.length, meanSquare.length, momentumBuf.length));
  const pp = put(param);
  const pg = put(grad);
  const pms = put(meanSquare);
  const pmom = put(momentumBuf);
  (w.rmsprop_update as RmspropUpdate)(pp, pg, pms, pmom, param.length, lr, rho, momentum, epsilon);
  take(pp, param);
  take(pms, meanSquare);
  take(pmom, momentumBuf);
}
