/** Bundles a consumer script with esbuild the way a runtime's own tooling would. */
import { build, type Plugin } from 'esbuild';
import { basename, resolve } from 'node:path';

export interface Bundled {
  code: string;
  /** Absolute paths of the .wasm files the bundle imports as modules, in import order. */
  wasmModules: string[];
}

/**
 * How `.wasm` imports are handed over, as the runtime's tooling does:
 * - 'esm-module': kept as an external ES import `./<name>.wasm` (wrangler's CompiledWasm rule);
 * - 'global-binding': `x.wasm?module` reads the compiled module from the global
 *   `globalThis[wasmBindingName(path)]`, which the host injects (how Next.js runs edge code).
 */
export type WasmHandling = 'none' | 'esm-module' | 'global-binding';

export interface BundleOptions {
  consumerDir: string;
  entry: string;
  conditions: string[];
  format: 'esm' | 'iife';
  wasm?: WasmHandling;
}

export function wasmBindingName(path: string): string {
  return `__wasm_${basename(path).replace(/\W/g, '_')}`;
}

function wasmPlugin(handling: WasmHandling, seen: string[]): Plugin[] {
  if (handling === 'none') return [];
  return [{
    name: `wasm-${handling}`,
    setup(b) {
      b.onResolve({ filter: /\.wasm(\?module)?$/ }, (args) => {
        const file = resolve(args.resolveDir, args.path.replace(/\?module$/, ''));
        seen.push(file);
        if (handling === 'esm-module') return { path: `./${basename(file)}`, external: true };
        return { path: file, namespace: 'wasm-binding' };
      });
      b.onLoad({ filter: /.*/, namespace: 'wasm-binding' }, (args) => ({
        contents: `export default globalThis[${JSON.stringify(wasmBindingName(args.path))}];`,
        loader: 'js',
      }));
    },
  }];
}

export async function bundle(opts: BundleOptions): Promise<Bundled> {
  const wasmModules: string[] = [];
  const result = await build({
    absWorkingDir: opts.consumerDir,
    entryPoints: [resolve(opts.consumerDir, opts.entry)],
    bundle: true,
    write: false,
    format: opts.format,
    platform: 'neutral',
    mainFields: ['module', 'main'],
    conditions: opts.conditions,
    target: 'es2022',
    logLevel: 'silent',
    plugins: wasmPlugin(opts.wasm ?? 'none', wasmModules),
  });
  return { code: result.outputFiles[0]!.text, wasmModules };
}
