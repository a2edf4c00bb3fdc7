// Shared vitest settings: every package writes a JSON report that scripts/test-summary.mjs adds up.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    reporters: ['default', 'json'],
    outputFile: { json: 'test-results.json' },
    testTimeout: 60_000,
    // Browser and runtime launches in beforeAll hooks can take long on a loaded 2-core machine.
    hookTimeout: 120_000,
  },
});
