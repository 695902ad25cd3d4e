/// <reference types="vite/client" />
/**
 * The page's main thread imports engine types only; engine code runs in the worker.
 * A value import would pull the engine (YAML parser, RE2, ~60 KB gzip) into the main
 * chunk, because those modules have side effects the bundler must keep.
 */
import { describe, expect, it } from 'vitest';

/** Every source file of the page, as text (Vite reads them; no Node built-ins here). */
const FILES: Record<string, string> = import.meta.glob(['./**/*.{ts,tsx}', '!./**/*.test.*'], {
  query: '?raw',
  import: 'default',
  eager: true,
});

/** The modules that load the engine's code; they run inside workers. */
const ENGINE_HOSTS = new Set(['./worker/evaluate.ts', './exercises/jobs.ts']);

describe('src/app boundaries', () => {
  it('sees the page sources', () => {
    expect(Object.keys(FILES)).toContain('./main.tsx');
  });

  it('imports the engine as types only, outside the worker', () => {
    const offenders = Object.entries(FILES)
      .filter(([file]) => !ENGINE_HOSTS.has(file))
      .filter(([, text]) => /^import\s+(?!type\b)[^;]*from\s+'(\.\.\/)+engine\//m.test(text))
      .map(([file]) => file);
    expect(offenders).toEqual([]);
  });
});
