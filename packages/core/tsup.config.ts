import { defineConfig } from 'tsup';

// removeNodeProtocol: false keeps `import('node:fs/promises')` as written (the file-system code is
// loaded only when a path is used, so the package still loads in browsers, workerd and Edge).
export default defineConfig({ entry: ['src/index.ts', 'src/adapters/tfjs.ts'], format: ['esm'], dts: true, sourcemap: true, clean: true, removeNodeProtocol: false });
