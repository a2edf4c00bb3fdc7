/** Batch normalisation over the last axis, on kernels: training (batch statistics) and inference. */
import { activationArray } from '../activation-pool.js';
import { ShapeError, formatShape } from '../errors.js';
import { record } from '../tape.js';
import { Tensor } from '../tensor.js';
import { f32, kernel } from './kernel.js';

function dims(x: Tensor, gamma: Tensor, op: string): [number, number] {
  const channels = x.shape[x.rank - 1];
  if (x.rank < 1 || gamma.size !== channels) {
    throw new ShapeError(`${op}: input ${formatShape(x.shape)} has ${channels} channels on its last axis but gamma has shape ${formatShape(gamma.shape)}.`);
  }
  return [channels === 0 ? 0 : x.size / channels, channels];
}

export interface BatchNormTrainResult {
  output: Tensor;
  /** Per-channel batch mean and biased variance (for the moving statistics). */
  mean: Float32Array;
  variance: Float32Array;
}

/** Normalises with the batch's own statistics; differentiable w.r.t. x, gamma and beta. */
export function batchNormTrain(x: Tensor, gamma: Tensor, beta: Tensor, epsilon: number): BatchNormTrainResult {
  const [rows, channels] = dims(x, gamma, 'batchNormTrain');
  const xd = f32(x);
  const gd = f32(gamma);
  const out = new Float32Array(x.size);
  const mean = new Float32Array(channels);
  const variance = new Float32Array(channels);
  kernel('batchNormTrain')(xd, gd, f32(beta), out, mean, variance, rows, channels, epsilon);
  const output = record(new Tensor(out, x.shape), [x, gamma, beta], (dy) => {
    const dx = new Float32Array(x.size);
    const dg = new Float32Array(channels);
    const db = new Float32Array(channels);
    kernel('batchNormBackward')(xd, dy.data as Float32Array, gd, mean, variance, dx, dg, db, rows, channels, epsilon);
    return [new Tensor(dx, x.shape), new Tensor(dg, gamma.shape), new Tensor(db, beta.shape)];
  });
  return { output, mean, variance };
}

/** Normalises with given (moving) statistics; differentiable w.r.t. x, gamma and beta. */
export function batchNormInfer(x: Tensor, gamma: Tensor, beta: Tensor, movingMean: Tensor, movingVariance: Tensor, epsilon: number): Tensor {
  const [rows, channels] = dims(x, gamma, 'batchNormInfer');
  const xd = f32(x);
  const gd = f32(gamma);
  const md = f32(movingMean);
  const vd = f32(movingVariance);
  const out = activationArray(x.size); // the kernel writes every element
  kernel('batchNormInfer')(xd, gd, f32(beta), md, vd, out, rows, channels, epsilon);
  // With fixed statistics the op is affine per channel: y = gamma·(x − mean)·invStd + beta.
  return record(new Tensor(out, x.shape), [x, gamma, beta], (dy) => {
    const g = dy.data;
    const dx = new Float32Array(x.size);
    const dg = new Float64Array(channels);
    const db = new Float64Array(channels);
    const invStd = Float64Array.from(vd, (v) => 1 / Math.sqrt(v + epsilon));
    for (let r = 0; r < rows; r++) {
      for (let c = 0; c < channels; c++) {
        const i = r * channels + c;
        dx[i] = g[i] * gd[c] * invStd[c];
        dg[c] += g[i] * (xd[i] - md[c]) * invStd[c];
        db[c] += g[i];
      }
    }
    return [new Tensor(dx, x.shape), new Tensor(Float32Array.from(dg), gamma.shape), new Tensor(Float32Array.from(db), beta.shape)];
  });
}
