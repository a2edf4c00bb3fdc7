import { defineConfig } from 'tsup';

// One ESM file with a shebang; the @neurite packages stay external (imported as published).
export default defineConfig({
  entry: { cli: 'src/cli.ts' },
  format: ['esm'],
  platform: 'node',
  target: 'node20',
  banner: { js: '#!/usr/bin/env node' },
  sourcemap: true,
  clean: true,
});
