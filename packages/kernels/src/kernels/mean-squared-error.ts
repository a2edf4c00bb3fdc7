import { checkPairLoss } from '../checks/losses.js';
import { beginCall, bytesFor, put, space, take } from '../scratch.js';

type PairLoss = (yTrue: number, yPred: number, grad: number, n: number) => number;

export function meanSquaredError(yTrue: Float32Array, yPred: Float32Array, grad: Float32Array): number {
  checkPairLoss('meanSquaredError', yTrue, yPred, grad);
  const w = beginCall(bytesFor(yTrue.length, yPred.length, grad.length));
  const pt = put(yTrue);
  const pp = put(yPred);
  const pg = space(grad.length);
  const loss = (w.mean_squared_error as PairLoss)(pt, pp, pg, yPred.length);
  take(pg, grad);
  return loss;
}
