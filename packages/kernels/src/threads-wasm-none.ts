/** `threads-wasm.ts` for the workerd and edge-light builds: those runtimes have no threads. */
export async function threadsWasm(): Promise<Uint8Array<ArrayBuffer> | null> {
  return null;
}
