/**
 * Talks to the exercise worker. Packs and gradings are answered in order; a grading that
 * a newer one replaced before it started is answered `stale` without running. A job over
 * the time limit stops the worker (the next job starts a fresh one, which reads the pack
 * again).
 */
import { EXERCISE_WORKER_NAME } from '../worker/protocol.js';
import type {
  ExerciseJob,
  ExerciseReply,
  ExerciseRequest,
  ExerciseResponse,
  PackFile,
} from './protocol.js';

export type ExerciseOutcome =
  | ({ readonly kind: 'ok' } & ExerciseReply)
  | { readonly kind: 'error'; readonly message: string }
  | { readonly kind: 'stale' };

export interface ExerciseWorkerLike {
  onmessage: ((event: MessageEvent<ExerciseResponse>) => void) | null;
  onerror: ((event: ErrorEvent) => void) | null;
  postMessage(message: ExerciseRequest): void;
  terminate(): void;
}

export const EXERCISE_TIMEOUT_MS = 15_000;

interface Waiting {
  readonly id: number;
  readonly job: ExerciseJob;
  readonly resolve: (outcome: ExerciseOutcome) => void;
}

export class ExerciseClient {
  private worker: ExerciseWorkerLike | undefined;
  private nextId = 1;
  private queue: Waiting[] = [];
  private inFlight: { waiting: Waiting; timer: ReturnType<typeof setTimeout> } | undefined;
  /** The pack the worker should hold: sent again to a fresh worker. */
  private packJob: ExerciseJob | undefined;

  constructor(
    private readonly spawn: () => ExerciseWorkerLike,
    private readonly timeoutMs: number = EXERCISE_TIMEOUT_MS,
  ) {}

  readPack(files: readonly PackFile[] | 'builtin'): Promise<ExerciseOutcome> {
    const job: ExerciseJob = files === 'builtin' ? { type: 'builtin' } : { type: 'pack', files };
    this.packJob = job;
    return this.enqueue(job);
  }

  grade(name: string, yaml: string, simulate: boolean): Promise<ExerciseOutcome> {
    // A newer grading replaces the ones still waiting.
    this.queue = this.queue.filter((w) => {
      if (w.job.type !== 'grade') return true;
      w.resolve({ kind: 'stale' });
      return false;
    });
    return this.enqueue({ type: 'grade', name, yaml, simulate });
  }

  dispose(): void {
    this.stop();
    for (const w of this.queue) w.resolve({ kind: 'stale' });
    this.queue = [];
  }

  private enqueue(job: ExerciseJob): Promise<ExerciseOutcome> {
    return new Promise((resolve) => {
      this.queue.push({ id: this.nextId++, job, resolve });
      this.pump();
    });
  }

  private pump(): void {
    if (this.inFlight) return;
    const next = this.queue.shift();
    if (!next) return;
    const worker = this.ensureWorker(next.job);
    const timer = setTimeout(() => this.fail(next.id, 'timeout'), this.timeoutMs);
    this.inFlight = { waiting: next, timer };
    worker.postMessage({ id: next.id, ...next.job });
  }

  private ensureWorker(dispatching: ExerciseJob): ExerciseWorkerLike {
    if (this.worker) return this.worker;
    const worker = this.spawn();
    worker.onmessage = (event) => this.onResponse(event.data);
    worker.onerror = (event) => {
      event.preventDefault();
      if (this.inFlight) this.fail(this.inFlight.waiting.id, event.message || 'crash');
    };
    this.worker = worker;
    // A fresh worker holds no pack: read the current one first.
    if (this.packJob && dispatching !== this.packJob)
      worker.postMessage({ id: 0, ...this.packJob });
    return worker;
  }

  private onResponse(response: ExerciseResponse): void {
    const current = this.inFlight;
    if (!current || response.id !== current.waiting.id) return;
    clearTimeout(current.timer);
    this.inFlight = undefined;
    current.waiting.resolve(
      response.ok
        ? response.type === 'pack'
          ? { kind: 'ok', type: 'pack', pack: response.pack }
          : { kind: 'ok', type: 'grade', grade: response.grade, simulated: response.simulated }
        : { kind: 'error', message: response.error },
    );
    this.pump();
  }

  private fail(id: number, why: string): void {
    const current = this.inFlight;
    if (!current || current.waiting.id !== id) return;
    this.stop();
    current.waiting.resolve({
      kind: 'error',
      message:
        why === 'timeout'
          ? `Grading took longer than ${this.timeoutMs / 1000} s and was stopped.`
          : `The exercise worker stopped: ${why}`,
    });
    this.pump();
  }

  private stop(): void {
    if (this.inFlight) clearTimeout(this.inFlight.timer);
    this.inFlight = undefined;
    this.worker?.terminate();
    this.worker = undefined;
  }
}

/** A worker of the engine worker's script, named to read packs and grade (engine.worker.ts). */
export function createExerciseWorker(): ExerciseWorkerLike {
  return new Worker(new URL('../worker/engine.worker.ts', import.meta.url), {
    type: 'module',
    name: EXERCISE_WORKER_NAME,
  });
}
