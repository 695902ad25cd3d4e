/**
 * The worker thread of `routelab simulate` (started by simulation.ts's runInWorker): runs
 * the simulation, posts progress at most every 50 ms, and stops early when the main thread
 * sets the shared flag (Ctrl-C).
 */
import { performance } from 'node:perf_hooks';
import { parentPort, workerData } from 'node:worker_threads';
import { runSimulation, type WorkerData, type WorkerMessage } from './simulation.js';

const PROGRESS_EVERY_MS = 50;

const port = parentPort;
if (port) {
  const { request, stop } = workerData as WorkerData;
  const flag = new Int32Array(stop);
  const post = (m: WorkerMessage): void => port.postMessage(m);
  let lastPost = -Infinity;
  try {
    const outcome = runSimulation(request, {
      shouldStop: () => Atomics.load(flag, 0) !== 0,
      onProgress: (fraction) => {
        const now = performance.now();
        if (now - lastPost < PROGRESS_EVERY_MS) return;
        lastPost = now;
        post({ type: 'progress', fraction });
      },
    });
    post({ type: 'done', outcome });
  } catch (e) {
    post({
      type: 'error',
      message: e instanceof Error ? e.message : String(e),
      ...(e instanceof Error && e.stack ? { stack: e.stack } : {}),
    });
  }
}
