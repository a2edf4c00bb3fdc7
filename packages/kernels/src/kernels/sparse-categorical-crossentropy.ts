import { checkSparseCategoricalCrossentropy } from '../checks/losses.js';
import { beginCall, bytesFor, put, space, take } from '../scratch.js';

type SparseLoss = (labels: number, yPred: number, grad: number, rows: number, cols: number) => number;

export function sparseCategoricalCrossentropy(labels: Int32Array, yPred: Float32Array, grad: Float32Array, rows: number, cols: number): number {
  checkSparseCategoricalCrossentropy(labels, yPred, grad, rows, cols);
  const w = beginCall(bytesFor(labels.length, yPred.length, grad.length));
  const pl = put(labels);
  const pp = put(yPred);
  const pg = space(grad.length);
  const loss = (w.sparse_categorical_crossentropy as SparseLoss)(pl, pp, pg, rows, cols);
  take(pg, grad);
  return loss;
}
