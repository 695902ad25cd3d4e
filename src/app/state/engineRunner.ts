/**
 * Connects the store to the engine: when the YAML or the request changes, the engine runs
 * after a short typing pause; "Send" runs it at once. Results go back into the result slice.
 * Lives outside React so that StrictMode's double effects never start two workers.
 */
import type { EngineJob } from '../worker/protocol.js';
import type { EngineOutcome, TraceOutcome } from '../worker/client.js';
import { buildRequestSpec } from './requestSpec.js';
import type { AppStore } from './store.js';
import type { AppState } from './types.js';

export interface EngineRunner {
  run(job: EngineJob, onTrace?: (part: TraceOutcome) => void): Promise<EngineOutcome>;
  /**
   * Gives the running job its trace now if it is already readable (worker/client.ts). True
   * while the trace is still awaited: the worker has not written it yet.
   */
  takeTrace?(): boolean;
}

/**
 * Runs `take` in the next frame, before it is drawn, with what it changes on screen in that
 * frame (main.tsx: an animation-frame callback asked for once the key's handlers have
 * returned, and React's flushSync). `take` returns true while the trace is still awaited; the
 * frame may then look once more after its layout (keyFrame.ts).
 */
export type InFrame = (take: () => boolean) => void;

export const DEBOUNCE_MS = 150;
/**
 * When one of the last traces took less than this, edits run at once: the answer follows each key,
 * and the client's latest-wins queue absorbs bursts (a job that a newer one replaces while
 * it waits never runs, and a newer job does not wait for the graph and problems of one it
 * replaced). Slower files wait for a typing pause, so that a long evaluation of a half-typed
 * word does not delay the one that matters.
 */
export const FAST_EVALUATION_MS = 50;
/**
 * How many recent traces decide: the fastest of them. One slow trace (a collection in the
 * worker, a busy machine) does not put a fast file's next keys behind the typing pause.
 */
const RECENT_TRACES = 3;

/**
 * The page turns busy ("Updating…") only when an answer takes longer than this. A fast
 * answer then changes the page once per key, not twice: a change outside the editor while
 * Monaco handles the key costs a layout of the whole page (the graph holds thousands of
 * boxes) inside the key's own handler.
 */
export const BUSY_DELAY_MS = 100;

/** The inputs of an evaluation; a change in any of them re-runs the engine. */
const INPUTS = [
  'yaml',
  'method',
  'url',
  'headersText',
  'clientIp',
  'bodySize',
  'insecure',
  'seed',
  'resultTab',
  'simulateRun',
  'exerciseScenario',
] as const satisfies readonly (keyof AppState)[];

export function jobFrom(state: AppState): EngineJob {
  return {
    yaml: state.yaml,
    ...(state.exerciseScenario !== null ? { scenario: state.exerciseScenario } : {}),
    request: buildRequestSpec(state).spec,
    seed: state.seed,
    topologyKey: state.topology?.key ?? null,
    extras: {
      lifecycle: state.resultTab === 'lifecycle',
      config: state.resultTab === 'config',
      ...(state.simulateRun > 0 ? { simulate: state.simulateRun } : {}),
    },
  };
}

/** Starts evaluating; returns a function that stops listening. */
export function connectEngine(
  store: AppStore,
  engine: EngineRunner,
  debounceMs: number = DEBOUNCE_MS,
  inFrame?: InFrame,
): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let busyTimer: ReturnType<typeof setTimeout> | undefined;
  const recent: number[] = [];
  const answered = (): void => {
    if (busyTimer !== undefined) clearTimeout(busyTimer);
    busyTimer = undefined;
  };

  let sent = true;
  const runNow = (): void => {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
    const state = store.getState();
    // Busy from the first key not yet answered; a newer job does not restart the wait.
    busyTimer ??= setTimeout(() => {
      busyTimer = undefined;
      store.getState().startRun();
    }, BUSY_DELAY_MS);
    const wasSent = sent;
    sent = false;
    const job = jobFrom(state);
    const onTrace = (part: TraceOutcome): void => {
      answered();
      recent.push(part.elapsedMs);
      if (recent.length > RECENT_TRACES) recent.shift();
      store.getState().showTrace({ ...part, sent: wasSent });
    };
    const answer = engine.run(job, onTrace);
    // The frame that shows a key is drawn before the worker's message is handed over; if the
    // answer is readable by then, that frame shows it too.
    const takeTrace = engine.takeTrace?.bind(engine);
    if (inFrame && takeTrace) inFrame(takeTrace);
    void answer.then((outcome) => {
      const { showModel, showError } = store.getState();
      switch (outcome.kind) {
        case 'result':
          showModel({ ...outcome, yaml: job.yaml });
          return;
        case 'error':
        case 'timeout':
          answered();
          showError(outcome.message);
          return;
        case 'stale':
          return;
      }
    });
  };

  const unsubscribe = store.subscribe((state, previous) => {
    if (state.sendCount !== previous.sendCount) {
      sent = true;
      runNow();
    } else if (INPUTS.some((key) => state[key] !== previous[key])) {
      if (state.exampleId !== previous.exampleId) sent = true;
      if (timer !== undefined) clearTimeout(timer);
      if (Math.min(...recent) < FAST_EVALUATION_MS) runNow();
      else timer = setTimeout(runNow, debounceMs);
    }
  });

  runNow();
  return () => {
    if (timer !== undefined) clearTimeout(timer);
    answered();
    unsubscribe();
  };
}
