import { defineConfig } from 'vite';

export default defineConfig({
  build: {
    target: 'es2022',
    // The shipped models are embedded in @neurite/image and @neurite/text (≈2 MB and ≈4 MB of JS).
    chunkSizeWarningLimit: 8000,
  },
  server: { host: '127.0.0.1' },
  preview: { host: '127.0.0.1' },
});
