/**
 * Which kernel set runs: the WASM SIMD kernels by default, or the TypeScript reference kernels
 * (for tests, and for runtimes without WebAssembly SIMD).
 */
import type { KernelSet } from './kernel-set.js';
import { wasmKernels } from './kernels/index.js';
import { referenceKernels } from './reference/index.js';

export type BackendName = 'wasm' | 'reference';

let current: BackendName = 'wasm';

export function setBackend(name: BackendName): void {
  if (name !== 'wasm' && name !== 'reference') {
    throw new TypeError(`Unknown kernel backend '${String(name)}'; use 'wasm' or 'reference'.`);
  }
  current = name;
}

export function getBackendName(): BackendName {
  return current;
}

/** The kernel set of `name` (default: the current backend). */
export function kernels(name: BackendName = current): KernelSet {
  return name === 'wasm' ? wasmKernels : referenceKernels;
}
