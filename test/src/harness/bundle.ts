/** Bundles a consumer script with esbuild the way a runtime's own tooling would. */
import { build, type Plugin } from 'esbuild';
import { readFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';

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

/** The fixtures' probes: each runtime runs each one in a fresh process, isolate, VM or page. */
export const probeParts = ['kernels', 'image', 'text'] as const;
export type ProbePart = (typeof probeParts)[number];
/** Probes run only where their test says: 'threads' needs a cross-origin isolated page. */
export type BundlePart = ProbePart | 'threads';

export interface BundleOptions {
  consumerDir: string;
  entry: string;
  /** Which fixtures/probe-<part>.js the entry's `import … from 'neurite-probe'` gets. */
  part: BundlePart;
  conditions: string[];
  format: 'esm' | 'iife';
  wasm?: WasmHandling;
}

export function wasmBindingName(path: string): string {
  return `__wasm_${basename(path).replace(/\W/g, '_')}`;
}

function probePlugin(consumerDir: string, part: BundlePart): Plugin {
  return {
    name: 'neurite-probe',
    setup(b) {
      b.onResolve({ filter: /^neurite-probe$/ }, () => ({ path: resolve(consumerDir, `probe-${part}.js`) }));
    },
  };
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
    plugins: [probePlugin(opts.consumerDir, opts.part), ...wasmPlugin(opts.wasm ?? 'none', wasmModules)],
  });
  return { code: result.outputFiles[0]!.text, wasmModules };
}

/**
 * `node:` module imports (static, dynamic with a literal, or require) in bundled code: a bundle
 * for workerd, Edge or a browser must have none (no nodejs_compat flag, no externals needed).
 */
export function nodeImports(code: string): string[] {
  return code.match(/\bfrom\s*["']node:[^"']*["']|\bimport\s*\(\s*["']node:[^"']*["']|\brequire\s*\(\s*["']node:[^"']*["']|\bimport\s*["']node:[^"']*["']/g) ?? [];
}

/**
 * A slice of the base64 copy of the kernels' .wasm that @neurite/kernels' default entry inlines:
 * a bundle that contains it compiles WebAssembly from bytes (refused by workerd and Vercel Edge).
 */
export function inlinedWasmSample(consumerDir: string): string {
  const code = readFileSync(join(consumerDir, 'node_modules', '@neurite', 'kernels', 'dist', 'index.js'), 'utf8');
  const base64 = code.match(/[A-Za-z0-9+/]{4096,}/)?.[0];
  if (!base64) throw new Error('@neurite/kernels dist/index.js has no inlined base64 .wasm');
  return base64.slice(1024, 1024 + 512);
}
