// A `.wasm` import is a compiled module in workerd; `.wasm?module` is the same in Next.js edge.
declare module '*.wasm' {
  const module: WebAssembly.Module;
  export default module;
}
declare module '*.wasm?module' {
  const module: WebAssembly.Module;
  export default module;
}
