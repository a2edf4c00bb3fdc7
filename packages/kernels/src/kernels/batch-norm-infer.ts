import { checkBatchNormInfer } from '../checks/batch-norm.js';
import { beginCall, bytesFor, put, space, take } from '../scratch.js';

type Infer = (x: number, gamma: number, beta: number, mean: number, variance: number, out: number, rows: number, channels: number, epsilon: number) => void;

export function batchNormInfer(x: Float32Array, gamma: Float32Array, beta: Float32Array, mean: Float32Array, variance: Float32Array, out: Float32Array, rows: number, channels: number, epsilon: number): void {
  checkBatchNormInfer(x, gamma, beta, mean, variance, out, rows, channels, epsilon);
  const w = beginCall(bytesFor(x.length, gamma.length, beta.length, mean.length, variance.length, out.length));
  const px = put(x);
  const pg = put(gamma);
  const pb = put(beta);
  const pm = put(mean);
  const pv = put(variance);
  const pout = space(out.length);
  (w.batch_norm_infer as Infer)(px, pg, pb, pm, pv, pout, rows, channels, epsilon);
  take(pout, out);
}
