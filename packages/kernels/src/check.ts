/** Argument checks shared by the WASM wrappers and the reference kernels. */

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
