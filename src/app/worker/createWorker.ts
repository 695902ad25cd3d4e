/** Starts the engine worker. Vite bundles the worker from this `new URL(...)` pattern. */
export function createEngineWorker(): Worker {
  return new Worker(new URL('./engine.worker.ts', import.meta.url), {
    type: 'module',
    name: 'routelab-engine',
  });
}
