import { defineConfig, type Options } from 'tsup';
import { fileURLToPath } from 'node:url';

type Plugin = NonNullable<Options['esbuildPlugins']>[number];

// Runtimes that forbid compiling WebAssembly from bytes get an entry that imports the .wasm as a
// module instead of inlining it: swap the one file that provides the shipped module, and leave
// the .wasm import for the app's bundler (wrangler, Next.js) to resolve. They have no threads
// either, so the threads build's inlined copy is left out of them too.
function importWasmFrom(variant: string): Plugin {
  return {
    name: `neurite-wasm-${variant}`,
    setup(build) {
      build.onResolve({ filter: /\/shipped-wasm\.js$/ }, () => ({
        path: fileURLToPath(new URL(`./src/shipped-wasm-${variant}.ts`, import.meta.url)),
      }));
      build.onResolve({ filter: /\/threads-wasm\.js$/ }, () => ({
        path: fileURLToPath(new URL('./src/threads-wasm-none.ts', import.meta.url)),
      }));
      build.onResolve({ filter: /\.wasm(\?module)?$/ }, (args) => ({ path: args.path, external: true }));
    },
  };
}

const moduleEntries = ['workerd', 'edge-light'];

// The builds run at once, so the first one's clean must spare the others' output.
export default defineConfig([
  {
    entry: ['src/index.ts'],
    format: ['esm'],
    dts: true,
    sourcemap: true,
    clean: moduleEntries.flatMap((name) => [`!${name}.js`, `!${name}.js.map`]),
  },
  ...moduleEntries.map((name): Options => ({
    entry: [`src/${name}.ts`],
    format: ['esm'],
    sourcemap: true,
    esbuildPlugins: [importWasmFrom(name)],
  })),
]);
