import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { defineConfig } from 'tsup';

export default defineConfig({
  entry: ['src/index.ts'],
  format: ['esm'],
  dts: true,
  sourcemap: true,
  clean: true,
  // The embedded weights chunk (src/generated) would get a 2 MB source map of base64: drop it.
  async onSuccess() {
    for (const f of readdirSync('dist').filter((n) => n.startsWith('cats-dogs-model-') && n.endsWith('.js'))) {
      rmSync(`dist/${f}.map`, { force: true });
      writeFileSync(`dist/${f}`, readFileSync(`dist/${f}`, 'utf8').replace(/\n\/\/# sourceMappingURL=\S+\s*$/, '\n'));
    }
  },
});
