import { defineConfig, mergeConfig } from 'vitest/config';
import shared from '../vitest.shared.js';

// The shared settings plus the global setup that packs the packages into a consumer project.
export default mergeConfig(shared, defineConfig({ test: { globalSetup: ['src/harness/global-setup.ts'] } }));
