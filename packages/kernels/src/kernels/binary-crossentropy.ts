import { checkPairLoss } from '../checks/losses.js';
import { beginCall, bytesFor, put, space, take } from '../scratch.js';

type PairLoss = (yTrue: number, yPred: number, grad: number, n: number) => number;

export function binaryCrossentropy(yTrue: Float32Array, yPred: Float32Array, grad: Float32Array): number {
  checkPairLoss('binaryCrossentropy', yTrue, yPred, grad);
  const w = beginCall(bytesFor(yTrue.length, yPred.length, grad.length));
  const pt = put(yTrue);
  const pp = put(yPred);
  const pg = space(grad.length);
  const loss = (w.binary_crossentropy as PairLoss)(pt, pp, pg, yPred.length);
  take(pg, grad);
  return loss;
}
