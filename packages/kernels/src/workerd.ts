/**
 * Entry for Cloudflare workerd (`workerd` export condition). The same API as `index.ts`; its build
 * loads the kernels from the imported `.wasm` module instead of the inlined base64 copy, so
 * `init()` needs no argument and the kernels also initialise lazily on first use.
 */
export * from './index.js';
