/**
 * Kernel threads: a weight gradient split by batch comes back as two partial sums in WASM memory;
 * `addInto` adds the helper's (at `from`) into the calling thread's (at `into`), n floats.
 */
export function addInto(memory: WebAssembly.Memory, into: number, from: number, n: number): void {
  const sum = new Float32Array(memory.buffer, into, n);
  const other = new Float32Array(memory.buffer, from, n);
  for (let i = 0; i < n; i++) sum[i] += other[i];
}
