import { defineConfig } from 'vitest/config';
import shared from '../../vitest.shared.js';

// The shared settings, plus the training scripts' own unit tests.
export default defineConfig({ test: { ...shared.test, include: ['src/**/*.test.ts', 'scripts/**/*.test.ts'] } });
