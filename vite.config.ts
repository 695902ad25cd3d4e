import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

// The page (Vite) and the unit tests (Vitest) share this file.
export default defineConfig({
  base: './',
  // One page, no client-side routes: unknown paths answer 404 instead of index.html, so a
  // missing asset or worker chunk shows up as an error (the browser tests fail on any 4xx).
  appType: 'mpa',
  plugins: [react()],
  server: {
    host: 'localhost',
    port: 5173,
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
  },
  worker: {
    format: 'es',
  },
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    exclude: ['node_modules/**', 'dist/**', 'dist-cli/**', 'e2e/**', 'bench/**'],
    environment: 'node',
    // Property and simulation tests run thousands of cases; on a shared 2-core machine one can
    // take several seconds. The limit guards against hangs, not slowness (no test times anything).
    testTimeout: 30_000,
  },
});
