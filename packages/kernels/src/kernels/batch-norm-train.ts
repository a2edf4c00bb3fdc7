import { checkBatchNormTrain } from '../checks/batch-norm.js';
import { beginCall, bytesFor, put, space, take } from '../scratch.js';

type Train = (x: number, gamma: number, beta: number, out: number, mean: number, variance: number, rows: number, channels: number, epsilon: number) => void;

export function batchNormTrain(x: Float32Array, gamma: Float32Array, beta: Float32Array, out: Float32Array, mean: Float32Array, variance: Float32Array, rows: number, channels: number, epsilon: number): void {
  checkBatchNormTrain(x, gamma, beta, out, mean, variance, rows, channels, epsilon);
  const w = beginCall(bytesFor(x.length, gamma.length, beta.length, out.length, mean.length, variance.length));
  const px = put(x);
  const pg = put(gamma);
  const pb = put(beta);
  const pout = space(out.length);
  const pm = space(mean.length);
  const pv = space(variance.length);
  (w.batch_norm_train as Train)(px, pg, pb, pout, pm, pv, rows, channels, epsilon);
  take(pout, out);
  take(pm, mean);
  take(pv, variance);
}
