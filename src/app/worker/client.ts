/**
 * A typed client for the engine worker with latest-wins semantics.
 *
 * - At most one job is in the worker at a time. A job asked for while another is running
 *   waits; a newer job replaces the waiting one, whose caller gets `stale`. Typing fast
 *   therefore never builds a queue of outdated evaluations.
 * - A job is answered in two parts (protocol.ts): the trace part goes to the caller's
 *   `onTrace` at once, and the model part ends the job (the promise). Both belong to one job:
 *   a part of a job the caller no longer waits for is dropped, and the job's timeout covers
 *   both. Once a job's trace part is in, a newer job does not wait for its model part: it is
 *   sent at once, and the worker skips the model part nobody wants.
 * - A job that takes longer than `timeoutMs` terminates the worker; the next job starts a
 *   fresh one. The caller gets `timeout`, and the page stays responsive.
 */
import type { Trace } from '../../engine/index.js';
import type { TracePath } from '../topology/types.js';
import { AnswerSlot } from './answerSlot.js';
import type { EngineJob, EngineMessage, EngineResponse, ModelPart, TracePart } from './protocol.js';

/** The first part of an answer: what the trace panel shows. */
export interface TraceOutcome {
  readonly trace: Trace;
  readonly path: TracePath;
  /** Worker time until the trace, in milliseconds. */
  readonly elapsedMs: number;
}

/** The model part as the worker sent it, with the trace `onTrace` was given. */
export type ResultOutcome = Omit<ModelPart, 'id' | 'ok' | 'part'> & {
  readonly kind: 'result';
  /** The same objects `onTrace` was given. */
  readonly trace: Trace;
  readonly path: TracePath;
  /** Worker time until the trace; `elapsedMs` is the whole job's. */
  readonly traceMs: number;
};

export type EngineOutcome =
  | ResultOutcome
  | { readonly kind: 'error'; readonly message: string }
  | { readonly kind: 'timeout'; readonly message: string }
  /** A newer job replaced this one before it finished: ignore it. */
  | { readonly kind: 'stale' };

/** What the client needs of a Worker; tests pass a fake. */
export interface WorkerLike {
  onmessage: ((event: MessageEvent<EngineResponse>) => void) | null;
  onerror: ((event: ErrorEvent) => void) | null;
  postMessage(message: EngineMessage): void;
  terminate(): void;
}

export const DEFAULT_TIMEOUT_MS = 5000;

interface Pending {
  readonly id: number;
  readonly job: EngineJob;
  readonly resolve: (outcome: EngineOutcome) => void;
  readonly onTrace: ((part: TraceOutcome) => void) | undefined;
  /** Its trace part, once in. */
  traced?: TracePart;
}

export class EngineClient {
  private worker: WorkerLike | undefined;
  private nextId = 1;
  /** The newest job asked for; it may be in the worker or waiting for it. */
  private latest: Pending | undefined;
  /** The job the worker is working on now, and whether its trace part is in. */
  private inFlight:
    { id: number; timer: ReturnType<typeof setTimeout>; traced: boolean } | undefined;

  constructor(
    private readonly spawn: () => WorkerLike,
    private readonly timeoutMs: number = DEFAULT_TIMEOUT_MS,
    /** Shared memory the worker also writes trace parts to (answerSlot.ts), if the page has it. */
    private readonly slot: AnswerSlot | null = AnswerSlot.create(),
  ) {}

  /**
   * Hands the job in the worker its trace part now, from the shared answer slot, if the
   * worker has already written it there; otherwise does nothing and the message brings it.
   * For a requestAnimationFrame callback: the frame that shows a key can then show its
   * trace too, where the message would come only after that frame. True while the trace is
   * still awaited (not written yet), so the frame may look once more.
   */
  takeTrace(): boolean {
    if (!this.slot || !this.inFlight || this.inFlight.traced) return false;
    const answer = this.slot.read(this.inFlight.id);
    if (answer === undefined) return true;
    this.onResponse(answer as EngineResponse);
    return false;
  }

  /**
   * Runs a job: `onTrace` gets its trace part (unless a newer job replaced it first), the
   * promise its end (the whole answer, an error, a timeout, or `stale`).
   */
  run(job: EngineJob, onTrace?: (part: TraceOutcome) => void): Promise<EngineOutcome> {
    return new Promise((resolve) => {
      this.latest?.resolve({ kind: 'stale' });
      this.latest = { id: this.nextId++, job, resolve, onTrace };
      if (!this.inFlight) this.dispatch(this.latest);
      // The job in the worker has answered its trace; nobody waits for its model part now.
      else if (this.inFlight.traced) this.dispatchLatestNow();
    });
  }

  /** Stops the worker; a pending caller gets `stale`. */
  dispose(): void {
    this.stopWorker();
    this.latest?.resolve({ kind: 'stale' });
    this.latest = undefined;
  }

  private dispatch(pending: Pending): void {
    const worker = this.ensureWorker();
    const timer = setTimeout(() => this.onTimeout(pending.id), this.timeoutMs);
    this.inFlight = { id: pending.id, timer, traced: false };
    worker.postMessage({ id: pending.id, ...pending.job });
  }

  /** Ends the wait for the job in the worker (its rest is unwanted) and sends the latest. */
  private dispatchLatestNow(): void {
    if (this.inFlight) clearTimeout(this.inFlight.timer);
    this.inFlight = undefined;
    if (this.latest) this.dispatch(this.latest);
  }

  private ensureWorker(): WorkerLike {
    if (this.worker) return this.worker;
    const worker = this.spawn();
    if (this.slot) worker.postMessage({ answerSlot: this.slot.buffer });
    worker.onmessage = (event) => this.onResponse(event.data);
    worker.onerror = (event) => {
      // Keep the failure out of the console: it is shown on the page instead.
      event.preventDefault();
      this.onCrash(event.message || 'the engine worker stopped unexpectedly');
    };
    this.worker = worker;
    return worker;
  }

  private onResponse(response: EngineResponse): void {
    if (!this.inFlight || response.id !== this.inFlight.id) return;
    if (response.ok && response.part === 'trace') {
      if (this.inFlight.traced) return; // one trace part per job
      this.inFlight.traced = true;
      const latest = this.latest;
      if (latest?.id === response.id) {
        latest.traced = response;
        latest.onTrace?.({
          trace: response.trace,
          path: response.path,
          elapsedMs: response.elapsedMs,
        });
      } else if (latest) {
        // A newer job waits: it need not wait for this one's model part.
        this.dispatchLatestNow();
      }
      return;
    }
    clearTimeout(this.inFlight.timer);
    this.inFlight = undefined;
    this.settle(response.id, (pending) => {
      if (!response.ok) return { kind: 'error', message: response.error };
      const traced = pending.traced;
      if (!traced) return { kind: 'error', message: 'The engine worker answered without a trace.' };
      const { id: _id, ok: _ok, part: _part, ...model } = response;
      return {
        ...model,
        kind: 'result',
        trace: traced.trace,
        path: traced.path,
        traceMs: traced.elapsedMs,
      };
    });
  }

  private onTimeout(id: number): void {
    if (this.inFlight?.id !== id) return;
    this.stopWorker();
    const seconds = this.timeoutMs / 1000;
    this.settle(id, () => ({
      kind: 'timeout',
      message: `The engine did not answer within ${seconds} s, so it was stopped and restarted. The YAML may be too large or pathological.`,
    }));
  }

  private onCrash(message: string): void {
    const id = this.inFlight?.id;
    this.stopWorker();
    if (id !== undefined) this.settle(id, () => ({ kind: 'error', message }));
  }

  /** Resolves the latest caller if `id` is its job; otherwise starts the newer waiting job. */
  private settle(id: number, outcome: (pending: Pending) => EngineOutcome): void {
    const latest = this.latest;
    if (!latest) return;
    if (latest.id === id) {
      this.latest = undefined;
      latest.resolve(outcome(latest));
    } else {
      this.dispatch(latest);
    }
  }

  private stopWorker(): void {
    if (this.inFlight) clearTimeout(this.inFlight.timer);
    this.inFlight = undefined;
    this.worker?.terminate();
    this.worker = undefined;
  }
}
