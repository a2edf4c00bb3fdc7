/**
 * The primitive argument checks. Each kernel's whole contract is checked by one function in
 * `checks/<family>.ts`, which the WASM wrapper and the reference kernel both call.
 */
import { Activation } from './kernel-set.js';

/** Thrown when a kernel gets a buffer of the wrong length or a bad parameter. */
export class KernelArgumentError extends RangeError {
  override name = 'KernelArgumentError';
}

/** Throws unless `array` holds exactly `expected` elements. */
export function checkLength(kernel: string, arg: string, array: ArrayLike<number>, expected: number): void {
  if (array.length !== expected) {
    throw new KernelArgumentError(`${kernel}: ${arg} has ${array.length} elements but the shape needs ${expected}.`);
  }
}

/** Throws unless `value` is a whole number ≥ `min`. */
export function checkDim(kernel: string, arg: string, value: number, min = 0): void {
  if (!Number.isInteger(value) || value < min) {
    throw new KernelArgumentError(`${kernel}: ${arg} must be a whole number ≥ ${min}, got ${value}.`);
  }
}

/**
 * Throws unless every entry of `ids` is a whole number in [0, limit). Done in TypeScript before
 * any WASM call, so an out-of-range id can never read or write outside a table.
 */
export function checkIndices(kernel: string, arg: string, ids: Int32Array, limit: number): void {
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i];
    if (id < 0 || id >= limit) {
      throw new KernelArgumentError(`${kernel}: ${arg}[${i}] is ${id}, outside [0, ${limit}).`);
    }
  }
}

/** Throws unless `act` is one of the fused activations the conv and dense kernels apply. */
export function checkActivation(kernel: string, act: Activation): void {
  if (act !== Activation.Linear && act !== Activation.Relu && act !== Activation.Sigmoid && act !== Activation.Tanh && act !== Activation.Relu6) {
    throw new KernelArgumentError(`${kernel}: act must be an Activation (0 linear, 1 relu, 2 sigmoid, 3 tanh, 4 relu6), got ${String(act)}.`);
  }
}
