/**
 * Entry for Vercel Edge and Next.js edge routes (`edge-light` export condition). The same API as
 * `index.ts`; its build loads the kernels from a `.wasm?module` import instead of the inlined
 * base64 copy, so no WebAssembly is compiled from bytes at run time.
 */
export * from './index.js';
