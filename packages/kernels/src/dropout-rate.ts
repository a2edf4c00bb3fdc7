import { KernelArgumentError } from './check.js';

/** dropoutMask's argument checks, shared by the WASM and reference kernels. */
export function checkDropoutArgs(rate: number, seed: number): void {
  if (!(rate >= 0 && rate < 1)) {
    throw new KernelArgumentError(`dropoutMask: rate must be in [0, 1), got ${rate}.`);
  }
  if (!Number.isInteger(seed)) {
    throw new KernelArgumentError(`dropoutMask: seed must be a whole number, got ${seed}.`);
  }
}
