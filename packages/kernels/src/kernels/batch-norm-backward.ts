import { checkBatchNormBackward } from '../checks/batch-norm.js';
import { beginCall, bytesFor, put, space, take } from '../scratch.js';

type Backward = (x: number, dy: number, gamma: number, mean: number, variance: number, dx: number, dgamma: number, dbeta: number, rows: number, channels: number, epsilon: number) => void;

export function batchNormBackward(x: Float32Array, dy: Float32Array, gamma: Float32Array, mean: Float32Array, variance: Float32Array, dx: Float32Array, dgamma: Float32Array, dbeta: Float32Array, rows: number, channels: number, epsilon: number): void {
  checkBatchNormBackward(x, dy, gamma, mean, variance, dx, dgamma, dbeta, rows, channels, epsilon);
  const w = beginCall(bytesFor(x.length, dy.length, gamma.length, mean.length, variance.length, dx.length, dgamma.length, dbeta.length));
  const px = put(x);
  const pdy = put(dy);
  const pg = put(gamma);
  const pm = put(mean);
  const pv = put(variance);
  const pdx = space(dx.length);
  const pdg = space(dgamma.length);
  const pdb = space(dbeta.length);
  (w.batch_norm_backward as Backward)(px, pdy, pg, pm, pv, pdx, pdg, pdb, rows, channels, epsilon);
  take(pdx, dx);
  take(pdg, dgamma);
  take(pdb, dbeta);
}
