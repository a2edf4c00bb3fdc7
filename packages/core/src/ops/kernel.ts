/** Access to the current kernel set, with a clear error if a kernel is not registered yet; tensor data as kernel input. */
import { kernels, type KernelSet } from '@neurite/kernels';
import { NeuriteError } from '../errors.js';
import type { Tensor } from '../tensor.js';

export function kernel<K extends keyof KernelSet>(name: K): KernelSet[K] {
  const set = kernels();
  const fn = set[name];
  if (typeof fn !== 'function') {
    throw new NeuriteError(`Kernel '${String(name)}' is not available in the current kernel backend. Use setBackend('reference') from @neurite/kernels, or update @neurite/kernels.`);
  }
  return (fn as (...a: unknown[]) => unknown).bind(set) as KernelSet[K];
}

/** A tensor's data as the Float32Array kernels take (no copy when it already is one; kernels never write their inputs). */
export const f32 = (t: Tensor): Float32Array => (t.data instanceof Float32Array ? t.data : Float32Array.from(t.data));
