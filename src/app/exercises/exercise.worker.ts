/**
 * The exercise worker: reads packs with the engine's reader and grades the editor's text.
 * It runs beside the page's engine worker and is started only when the exercises are
 * opened, so neither the engine's grader nor the shipped pack weighs on the first load.
 */
import { handleExerciseJob } from './jobs.js';
import type { ExerciseRequest, ExerciseResponse } from './protocol.js';

interface WorkerScope {
  onmessage: ((event: MessageEvent<ExerciseRequest>) => void) | null;
  postMessage(message: ExerciseResponse): void;
}

const scope = self as unknown as WorkerScope;
scope.onmessage = (event) => {
  const job = event.data;
  try {
    scope.postMessage(handleExerciseJob(job));
  } catch (e) {
    scope.postMessage({ id: job.id, ok: false, error: e instanceof Error ? e.message : String(e) });
  }
};
