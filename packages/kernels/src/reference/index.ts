/** Registry of the plain TypeScript reference kernels: the same names and signatures as the WASM ones. */
import type { KernelSet } from '../kernel-set.js';
import { relu } from './relu.js';
import { reluBackward } from './relu-backward.js';

export const referenceKernels: Partial<KernelSet> = {
  relu,
  reluBackward,
};
