/**
 * The kernel module this package ships, for runtimes that may compile WebAssembly from bytes
 * (Node, Deno, browsers, Vercel Edge): decoded from the base64 copy inlined in the bundle, so no
 * file or network access is needed. The workerd build swaps this file for `shipped-wasm-workerd.ts`
 * (see tsup.config.ts), which keeps the base64 out of that bundle.
 */
import { decodeBase64 } from './base64.js';
import { wasmBase64 } from './generated/wasm-base64.js';

export function shippedWasm(): WebAssembly.Module | Uint8Array<ArrayBuffer> {
  return decodeBase64(wasmBase64);
}
