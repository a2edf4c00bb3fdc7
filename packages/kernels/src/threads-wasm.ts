/**
 * The shared-memory build of the kernels (wasm32-wasip1-threads) for enableThreads(), or null when
 * the package was built without it. Inlined as base64 like the single-thread module, so no runtime
 * reads a file or the network for it, but in a chunk of its own, imported only when threads are
 * asked for. The workerd and edge-light builds swap this file for `threads-wasm-none.ts` (those
 * runtimes have no threads), which keeps the copy out of their bundles.
 */
import { decodeBase64 } from './base64.js';

export async function threadsWasm(): Promise<Uint8Array<ArrayBuffer> | null> {
  const { threadsWasmBase64 } = await import('./generated/threads-wasm-base64.js');
  return threadsWasmBase64 === null ? null : decodeBase64(threadsWasmBase64);
}
