/**
 * The kernel module for Vercel Edge / Next.js edge routes, which forbid compiling WebAssembly
 * from bytes: the `.wasm?module` import is how Next.js hands an edge function a compiled
 * module. Replaces `shipped-wasm.ts` in the edge-light build (see tsup.config.ts).
 */
import kernelModule from '../wasm/neurite_kernels.wasm?module';

export function shippedWasm(): WebAssembly.Module | Uint8Array<ArrayBuffer> {
  return kernelModule;
}
