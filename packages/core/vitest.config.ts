import { defineConfig, mergeConfig } from 'vitest/config';
import shared from '../../vitest.shared.js';

// The tutorial programs in /work/main/examples import '@neurite/core'; in this package's tests
// that name must resolve to these sources (one copy of Tensor, Layer, … with the code under test).
// --expose-gc: src/model/memory.test.ts measures the JS heap after a full collection.
export default mergeConfig(
  shared,
  defineConfig({
    resolve: { alias: { '@neurite/core': new URL('./src/index.ts', import.meta.url).pathname } },
    test: { poolOptions: { forks: { execArgv: ['--expose-gc'] } } },
  }),
);
