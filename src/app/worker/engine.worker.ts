/**
 * The engine's home in the page: a module Web Worker, so a slow or pathological input
 * can never freeze the UI (the client terminates and restarts this worker on a timeout).
 *
 * The exercises start a second worker from this script, named `EXERCISE_WORKER_NAME`: it
 * reads packs and grades (`exercises/jobs.ts`, a chunk it loads on its first job). One
 * script keeps one copy of the engine in the build, and neither the grader nor the shipped
 * pack weighs on the first load.
 */
import type { ExerciseRequest, ExerciseResponse } from '../exercises/protocol.js';
import { AnswerSlot } from './answerSlot.js';
import { Evaluator } from './evaluate.js';
import { EXERCISE_WORKER_NAME, type EngineMessage, type EngineResponse } from './protocol.js';

/**
 * The part of DedicatedWorkerGlobalScope used here. The app is type-checked with the DOM
 * lib, which clashes with the WebWorker lib, so the worker names what it needs itself.
 */
interface WorkerScope<In, Out> {
  onmessage: ((event: MessageEvent<In>) => void) | null;
  postMessage(message: Out): void;
}

/**
 * How long the model part waits after the trace part: about the frame that draws the key
 * and its trace. On a machine with two cores the graph's layout and lint (20 ms for 200
 * documents) would otherwise run beside that frame and slow it. Measured on such a machine,
 * a key in the 200-document file reached the screen 2.5-4.6 ms sooner with the wait
 * (bench/page.ts, four alternated runs); the graph and problems come 24 ms later.
 */
export const MODEL_DELAY_MS = 24;

/**
 * Each job is answered in two messages: the trace part at once, the model part in a task of
 * its own after it. A job that arrives before that task runs means the page no longer wants
 * the model part (the client sends a new job only then), so it is skipped. The trace part
 * also goes to the shared answer slot when the page gave one, for a frame to read.
 */
function serveEngine(scope: WorkerScope<EngineMessage, EngineResponse>): void {
  const evaluator = new Evaluator(Date.now());
  let slot: AnswerSlot | undefined;
  let modelTask: ReturnType<typeof setTimeout> | undefined;
  scope.onmessage = (event) => {
    const message = event.data;
    if ('answerSlot' in message) {
      slot = new AnswerSlot(message.answerSlot);
      return;
    }
    clearTimeout(modelTask);
    modelTask = undefined;
    const answering = evaluator.answer(message, () => performance.now());
    slot?.write(message.id, answering.trace);
    scope.postMessage(answering.trace);
    const model = answering.model;
    if (model)
      modelTask = setTimeout(() => {
        modelTask = undefined;
        scope.postMessage(model());
      }, MODEL_DELAY_MS);
  };
}

function serveExercises(scope: WorkerScope<ExerciseRequest, ExerciseResponse>): void {
  const jobs = import('../exercises/jobs.js');
  // Jobs wait for the same import, so they are answered in the order they came.
  scope.onmessage = (event) => {
    const job = event.data;
    void jobs
      .then(({ handleExerciseJob }) => handleExerciseJob(job))
      .catch((e: unknown) => ({
        id: job.id,
        ok: false as const,
        error: e instanceof Error ? e.message : String(e),
      }))
      .then((response) => scope.postMessage(response));
  };
}

// `self.name` is the name the page gave the worker (Window's `name` to the DOM lib).
if (self.name === EXERCISE_WORKER_NAME)
  serveExercises(self as unknown as WorkerScope<ExerciseRequest, ExerciseResponse>);
else serveEngine(self as unknown as WorkerScope<EngineMessage, EngineResponse>);
