import { defineConfig, mergeConfig } from 'vitest/config';
import shared from '../../vitest.shared.js';

// The tests run the built dist/cli.js as a child process (turbo builds before testing).
export default mergeConfig(shared, defineConfig({ test: {} }));
