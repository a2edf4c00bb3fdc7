/** Contracts of the batch-norm kernels: x-shaped buffers are [rows, channels], statistics [channels]. */
import { KernelArgumentError, checkDim, checkLength } from '../check.js';

type Named = ReadonlyArray<readonly [string, Float32Array]>;

export function checkBatchNormTrain(x: Float32Array, gamma: Float32Array, beta: Float32Array, out: Float32Array, mean: Float32Array, variance: Float32Array, rows: number, channels: number, epsilon: number): void {
  checkBatchNorm('batchNormTrain', rows, channels, epsilon, [['x', x], ['out', out]], [['gamma', gamma], ['beta', beta], ['mean', mean], ['variance', variance]]);
}

export function checkBatchNormInfer(x: Float32Array, gamma: Float32Array, beta: Float32Array, mean: Float32Array, variance: Float32Array, out: Float32Array, rows: number, channels: number, epsilon: number): void {
  checkBatchNorm('batchNormInfer', rows, channels, epsilon, [['x', x], ['out', out]], [['gamma', gamma], ['beta', beta], ['mean', mean], ['variance', variance]]);
}

export function checkBatchNormBackward(x: Float32Array, dy: Float32Array, gamma: Float32Array, mean: Float32Array, variance: Float32Array, dx: Float32Array, dgamma: Float32Array, dbeta: Float32Array, rows: number, channels: number, epsilon: number): void {
  checkBatchNorm('batchNormBackward', rows, channels, epsilon, [['x', x], ['dy', dy], ['dx', dx]], [['gamma', gamma], ['mean', mean], ['variance', variance], ['dgamma', dgamma], ['dbeta', dbeta]]);
}

/**
 * Checks rows ≥ 1, channels, epsilon > 0 and finite, then each `[name, array]` of `full`
 * (rows·channels elements) and `perChannel` (channels elements).
 */
function checkBatchNorm(kernel: string, rows: number, channels: number, epsilon: number, full: Named, perChannel: Named): void {
  checkDim(kernel, 'rows', rows, 1);
  checkDim(kernel, 'channels', channels);
  if (!(epsilon > 0) || !Number.isFinite(epsilon)) {
    throw new KernelArgumentError(`${kernel}: epsilon must be a finite number > 0 (Keras default 1e-3), got ${epsilon}.`);
  }
  for (const [name, a] of full) checkLength(kernel, name, a, rows * channels);
  for (const [name, a] of perChannel) checkLength(kernel, name, a, channels);
}
