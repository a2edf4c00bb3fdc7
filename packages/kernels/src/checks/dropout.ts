import { KernelArgumentError } from '../check.js';

/** Contract of dropoutMask: rate in [0, 1), a whole-number seed (any mask length). */
export function checkDropoutMask(rate: number, seed: number): void {
  if (!(rate >= 0 && rate < 1)) {
    throw new KernelArgumentError(`dropoutMask: rate must be in [0, 1), got ${rate}.`);
  }
  if (!Number.isInteger(seed)) {
    throw new KernelArgumentError(`dropoutMask: seed must be a whole number, got ${seed}.`);
  }
}
