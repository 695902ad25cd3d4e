import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import type { Plugin } from 'vite';
import { defineConfig } from 'vitest/config';
import { NGINX_ANNOTATION_PREFIX, NGINX_KEYS } from './src/engine/flavors/nginx/catalogue.js';
import { CONTOUR_API_VERSION, RETRY_ON_VALUES } from './src/engine/manifest/kinds/contour.js';
import { HTTP_METHODS } from './src/engine/manifest/kinds/httproute.js';
import { SCENARIO_API_VERSION } from './src/engine/manifest/kinds/scenario.js';
import { TRAEFIK_API_VERSIONS } from './src/engine/model/traefik.js';

const FACTS_ID = 'virtual:routelab-facts';

const CROSS_ORIGIN_ISOLATION = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

/**
 * The engine's own facts for the editor (hover docs for every ingress-nginx annotation and
 * ConfigMap key, enums for the schemas), turned into plain JSON when the page is built.
 * The page gets the data, not the engine's modules: its main thread imports the engine as
 * types only (src/app/CONTEXT.md).
 */
function engineFacts(): Plugin {
  const resolved = `\0${FACTS_ID}`;
  return {
    name: 'routelab-engine-facts',
    resolveId: (id) => (id === FACTS_ID ? resolved : undefined),
    load(id) {
      if (id !== resolved) return undefined;
      const facts = {
        nginxAnnotationPrefix: NGINX_ANNOTATION_PREFIX,
        nginxKeys: NGINX_KEYS,
        httpMethods: HTTP_METHODS,
        contourRetryOn: RETRY_ON_VALUES,
        apiVersions: {
          contour: CONTOUR_API_VERSION,
          scenario: SCENARIO_API_VERSION,
          traefik: TRAEFIK_API_VERSIONS,
        },
      };
      return Object.entries(facts)
        .map(([name, value]) => `export const ${name} = ${JSON.stringify(value)};`)
        .join('\n');
    },
  };
}

// The page (Vite) and the unit tests (Vitest) share this file.
export default defineConfig({
  base: './',
  // One page, no client-side routes: unknown paths answer 404 instead of index.html, so a
  // missing asset or worker chunk shows up as an error (the browser tests fail on any 4xx).
  appType: 'mpa',
  plugins: [react(), engineFacts()],
  resolve: {
    alias: [
      // monaco-yaml's worker imports Monaco by its old deep path; Monaco 0.57's exports map
      // only knows `monaco-editor/<path>`, so point the old path at the file.
      {
        find: /^monaco-editor\/esm\/vs\/(.+?)(\.js)?$/,
        replacement: fileURLToPath(
          new URL('./node_modules/monaco-editor/esm/vs/$1.js', import.meta.url),
        ),
      },
    ],
  },
  // Cross-origin isolation, so that the page may share memory with the engine worker
  // (src/app/worker/answerSlot.ts). The page loads nothing from another origin. A host that
  // does not send these headers serves a page that works the same, a frame slower per key.
  server: {
    host: 'localhost',
    port: 5173,
    headers: CROSS_ORIGIN_ISOLATION,
  },
  preview: {
    headers: CROSS_ORIGIN_ISOLATION,
  },
  // The dev server finds these only once the engine worker and monaco-yaml's worker load;
  // found that late, Vite re-bundles and reloads the page on the first visit (its requests
  // in flight fail). Listing them bundles them at start.
  optimizeDeps: {
    include: ['monaco-yaml/yaml.worker.js', 're2js', 'yaml'],
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // Monaco is one lazy chunk of about 4 MB (1 MB gzip), loaded after the page is usable;
    // the budget that matters is the JavaScript before it (bench/page.ts measures it).
    chunkSizeWarningLimit: 4500,
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
