/** Registry of the WASM kernels: one line per Rust export. */
import type { KernelSet } from '../kernel-set.js';
import { relu } from './relu.js';
import { reluBackward } from './relu-backward.js';

// Partial while kernels are being added; `backend.ts` reports any missing one by name.
export const wasmKernels: Partial<KernelSet> = {
  relu,
  reluBackward,
};
