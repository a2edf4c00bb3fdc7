/**
 * Loads and holds the one WebAssembly instance all WASM kernels run on.
 *
 * `init(source?)` accepts a precompiled `WebAssembly.Module` (what Cloudflare Workers require),
 * the `.wasm` bytes, or nothing — then it compiles the copy inlined in this package, so no file
 * or network access is ever needed (in workerd and Vercel Edge: an imported `.wasm` module, see
 * shipped-wasm.ts).
 * `initSync` does the same synchronously where the runtime allows synchronous compilation (Node,
 * Deno, workers).
 */
import { shippedWasm } from './shipped-wasm.js';

export interface KernelExports {
  memory: WebAssembly.Memory;
  alloc_bytes(bytes: number): number;
  free_bytes(ptr: number, bytes: number): void;
  [kernel: string]: unknown;
}

export type WasmSource = WebAssembly.Module | ArrayBuffer | ArrayBufferView;

let instance: KernelExports | null = null;
/** The compiled module behind `instance`, kept so a trapped instance can be replaced (see restart). */
let compiled: WebAssembly.Module | null = null;

/** Thrown when a WASM kernel is used before the module is ready or the module is unusable. */
export class KernelInitError extends Error {
  override name = 'KernelInitError';
}

// By tag, not instanceof: a sandbox (Next.js edge, edge-runtime) may hand in a module compiled
// in another realm, which `instantiate` accepts but `instanceof` would reject.
function isModule(source: WasmSource): source is WebAssembly.Module {
  return source instanceof WebAssembly.Module || Object.prototype.toString.call(source) === '[object WebAssembly.Module]';
}

function toBytes(source: ArrayBuffer | ArrayBufferView): BufferSource {
  if (source instanceof ArrayBuffer) return source;
  return new Uint8Array(source.buffer, source.byteOffset, source.byteLength) as Uint8Array<ArrayBuffer>;
}

function checkExports(exports: WebAssembly.Exports): KernelExports {
  const e = exports as unknown as KernelExports;
  if (!(e.memory instanceof WebAssembly.Memory) || typeof e.alloc_bytes !== 'function') {
    throw new KernelInitError('The WebAssembly module is not Neurite\'s kernel module (no memory/alloc_bytes export). Pass the .wasm shipped in @neurite/kernels.');
  }
  return e;
}

/** Compiles and instantiates the kernels; safe to call more than once (later calls are no-ops). */
export async function init(source?: WasmSource): Promise<void> {
  if (instance) return;
  const from = source ?? shippedWasm();
  const module = isModule(from) ? from : await WebAssembly.compile(toBytes(from));
  const created = await WebAssembly.instantiate(module, {});
  if (instance) return;
  instance = checkExports(created.exports);
  compiled = module;
}

/** Synchronous `init`, for runtimes that allow compiling a module of this size synchronously. */
export function initSync(source?: WasmSource): void {
  if (instance) return;
  const from = source ?? shippedWasm();
  const module = isModule(from) ? from : new WebAssembly.Module(toBytes(from));
  instance = checkExports(new WebAssembly.Instance(module, {}).exports);
  compiled = module;
}

/**
 * Replaces the instance with a fresh one of the same module. Used after a kernel trapped: a trap
 * unwinds past Rust's cleanup, leaving buffers allocated and the shadow stack pointer moved, so
 * the old instance's memory is not trusted again. Returns false (keeping the old instance) when
 * the runtime cannot instantiate synchronously.
 */
export function restart(): boolean {
  if (compiled === null) return false;
  try {
    instance = checkExports(new WebAssembly.Instance(compiled, {}).exports);
    return true;
  } catch {
    return false;
  }
}

/**
 * Makes `exports` the kernels' instance (the shared-memory one of threads.ts). The compiled
 * single-thread module stays what `restart` instantiates, so a trap falls back to one thread.
 */
export function useInstance(exports: WebAssembly.Exports): void {
  instance = checkExports(exports);
}

export function isInitialized(): boolean {
  return instance !== null;
}

/** The instance; initialises synchronously on first use where the runtime allows it. */
export function wasm(): KernelExports {
  if (instance) return instance;
  try {
    initSync();
  } catch (cause) {
    throw new KernelInitError('Neurite\'s WASM kernels are not initialised and this runtime cannot compile them synchronously: call `await init()` from @neurite/kernels (or @neurite/core) once before using a model.', { cause });
  }
  return instance!;
}
