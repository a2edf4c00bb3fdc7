import { checkCategoricalCrossentropy } from '../checks/losses.js';
import { beginCall, bytesFor, put, space, take } from '../scratch.js';

type RowLoss = (yTrue: number, yPred: number, grad: number, rows: number, cols: number) => number;

export function categoricalCrossentropy(yTrue: Float32Array, yPred: Float32Array, grad: Float32Array, rows: number, cols: number): number {
  checkCategoricalCrossentropy(yTrue, yPred, grad, rows, cols);
  const w = beginCall(bytesFor(yTrue.length, yPred.length, grad.length));
  const pt = put(yTrue);
  const pp = put(yPred);
  const pg = space(grad.length);
  const loss = (w.categorical_crossentropy as RowLoss)(pt, pp, pg, rows, cols);
  take(pg, grad);
  return loss;
}
