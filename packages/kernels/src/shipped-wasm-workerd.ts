/**
 * The kernel module for Cloudflare workerd, which forbids compiling WebAssembly from bytes: the
 * `.wasm` is imported as a module (wrangler's default CompiledWasm rule), already compiled by the
 * runtime. Replaces `shipped-wasm.ts` in the workerd build (see tsup.config.ts).
 */
import kernelModule from '../wasm/neurite_kernels.wasm';

export function shippedWasm(): WebAssembly.Module | Uint8Array<ArrayBuffer> {
  return kernelModule;
}
