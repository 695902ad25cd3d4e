/**
 * The engine's home in the page: a module Web Worker, so a slow or pathological input
 * can never freeze the UI (the client terminates and restarts this worker on a timeout).
 */
import { Evaluator } from './evaluate.js';
import type { EngineRequest, EngineResponse } from './protocol.js';

/**
 * The part of DedicatedWorkerGlobalScope used here. The app is type-checked with the DOM
 * lib, which clashes with the WebWorker lib, so the worker names what it needs itself.
 */
interface EngineWorkerScope {
  onmessage: ((event: MessageEvent<EngineRequest>) => void) | null;
  postMessage(message: EngineResponse): void;
}

const scope = self as unknown as EngineWorkerScope;
const evaluator = new Evaluator(Date.now());

scope.onmessage = (event) => {
  scope.postMessage(evaluator.evaluate(event.data, () => performance.now()));
};
