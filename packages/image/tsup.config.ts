import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Options } from 'tsup';

type Plugin = NonNullable<Options['esbuildPlugins']>[number];

const entry = ['src/index.ts'];

// The portable build (dist/portable, for the workerd, edge-light and browser export conditions)
// swaps the one module that reaches Node's built-ins for a version that throws a typed error, so
// those bundles carry no `node:` import, even after a minifier has folded constants.
const portableFile: Plugin = {
  name: 'neurite-portable-file',
  setup(build) {
    build.onResolve({ filter: /\/node-file\.js$/ }, () => ({
      path: fileURLToPath(new URL('./src/node-file-portable.ts', import.meta.url)),
    }));
  },
};

// The embedded weights chunk (src/generated) would get a 2 MB source map of base64: drop it.
function dropWeightsSourceMap(dir: string): void {
  for (const f of readdirSync(dir).filter((n) => n.startsWith('cats-dogs-model-') && n.endsWith('.js'))) {
    rmSync(`${dir}/${f}.map`, { force: true });
    writeFileSync(`${dir}/${f}`, readFileSync(`${dir}/${f}`, 'utf8').replace(/\n\/\/# sourceMappingURL=\S+\s*$/, '\n'));
  }
}

// The builds run at once, so the full build's clean must spare the portable output.
// removeNodeProtocol: false keeps `import('node:fs/promises')` as written in the full build (it
// is loaded only when a path is used, so that build still loads anywhere).
export default defineConfig([
  {
    entry, format: ['esm'], dts: true, sourcemap: true, clean: ['!portable/**'], removeNodeProtocol: false,
    onSuccess: async () => dropWeightsSourceMap('dist'),
  },
  {
    entry, outDir: 'dist/portable', format: ['esm'], sourcemap: true, clean: true, esbuildPlugins: [portableFile],
    onSuccess: async () => dropWeightsSourceMap('dist/portable'),
  },
]);
