import { defineConfig, mergeConfig } from 'vitest/config';
import shared from '../../vitest.shared.js';

// The Keras differential test runs Python on thousands of texts: give it time on a loaded machine.
export default mergeConfig(shared, defineConfig({ test: { testTimeout: 120_000, hookTimeout: 180_000 } }));
