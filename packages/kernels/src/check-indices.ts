import { KernelArgumentError } from './check.js';

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
