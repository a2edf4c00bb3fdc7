export { Activation, type Conv2DInfo, type KernelSet, type KernelName } from './kernel-set.js';
export { init, initSync, isInitialized, KernelInitError, type WasmSource } from './wasm-module.js';
export { KernelMemoryError, heapBytes } from './scratch.js';
export { markResident, invalidateResident, releaseResident, isResident, setResidentLimit, residentStats, setResidentVerification, residentVersion, residentRange, writeResident } from './resident.js';
export { KernelArgumentError } from './check.js';
export { kernels, setBackend, getBackendName, type BackendName } from './backend.js';
export { wasmKernels } from './kernels/index.js';
export { referenceKernels } from './reference/index.js';
export { computeConv2DInfo, type PaddingMode } from './conv-geometry.js';
