/** Argument checks shared by the batch-norm kernels (WASM wrappers and reference). */
import { KernelArgumentError, checkDim, checkLength } from './check.js';

/**
 * Checks rows ≥ 1, channels, epsilon > 0 and finite, then each `[name, array]` of `full`
 * (rows·channels elements) and `perChannel` (channels elements).
 */
export function checkBatchNorm(
  kernel: string,
  rows: number,
  channels: number,
  epsilon: number,
  full: ReadonlyArray<readonly [string, ArrayLike<number>]>,
  perChannel: ReadonlyArray<readonly [string, ArrayLike<number>]>,
): void {
  checkDim(kernel, 'rows', rows, 1);
  checkDim(kernel, 'channels', channels);
  if (!(epsilon > 0) || !Number.isFinite(epsilon)) {
    throw new KernelArgumentError(`${kernel}: epsilon must be a finite number > 0 (Keras default 1e-3), got ${epsilon}.`);
  }
  for (const [name, a] of full) checkLength(kernel, name, a, rows * channels);
  for (const [name, a] of perChannel) checkLength(kernel, name, a, channels);
}
