import { defineConfig, mergeConfig } from 'vitest/config';
import shared from '../vitest.shared.js';

// The shared settings plus the global setup that packs the packages into a consumer project.
// The global setup also runs the probes on the workspace packages as the reference; their built
// dist files are loaded by Node itself (external), not transformed by vite.
export default mergeConfig(
  shared,
  defineConfig({
    test: {
      globalSetup: ['src/harness/global-setup.ts'],
      server: { deps: { external: [/\/packages\/[^/]+\/dist\//] } },
    },
  }),
);
