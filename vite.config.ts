import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';

// One config for the app (vite), the unit/golden/C-sim tests (vitest) and the preview server used by e2e.
export default defineConfig({
  plugins: [react()],
  worker: { format: 'es' },
  build: { target: 'es2022', chunkSizeWarningLimit: 8000 },
  // Pre-bundle the worker's dependencies up front so the first dev-server visit does not reload the page.
  optimizeDeps: {
    exclude: ['onnxruntime-web'],
    include: ['elkjs/lib/elk.bundled.js', 'jszip', 'protobufjs/minimal.js'],
  },
  server: { host: '127.0.0.1', port: 5173 },
  preview: { host: '127.0.0.1', port: 4173, strictPort: true },
  test: {
    environment: 'node',
    include: ['src/**/*.test.ts', 'tests/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 600_000,
    pool: 'forks',
  },
});
