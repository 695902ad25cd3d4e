/**
 * A typed client for the engine worker with latest-wins semantics.
 *
 * - At most one job is in the worker at a time. A job asked for while another is running
 *   waits; a newer job replaces the waiting one, whose caller gets `stale`. Typing fast
 *   therefore never builds a queue of outdated evaluations.
 * - A job that takes longer than `timeoutMs` terminates the worker; the next job starts a
 *   fresh one. The caller gets `timeout`, and the page stays responsive.
 */
import type { Diagnostic, Lifecycle, ProxyConfig, Trace } from '../../engine/index.js';
import type { TopologyView, TracePath } from '../topology/types.js';
import type { EngineJob, EngineRequest, EngineResponse, SimulationResult } from './protocol.js';

export type EngineOutcome =
  | {
      readonly kind: 'result';
      readonly trace: Trace;
      readonly diagnostics: readonly Diagnostic[];
      readonly yamlVersion: number;
      /** null: unchanged since the topology the job named. */
      readonly topology: TopologyView | null;
      readonly path: TracePath;
      readonly lifecycle: Lifecycle | null;
      readonly config: ProxyConfig | null;
      readonly simulation: { readonly run: number; readonly result: SimulationResult } | null;
      readonly elapsedMs: number;
    }
  | { readonly kind: 'error'; readonly message: string }
  | { readonly kind: 'timeout'; readonly message: string }
  /** A newer job replaced this one before it finished: ignore it. */
  | { readonly kind: 'stale' };

/** What the client needs of a Worker; tests pass a fake. */
export interface WorkerLike {
  onmessage: ((event: MessageEvent<EngineResponse>) => void) | null;
  onerror: ((event: ErrorEvent) => void) | null;
  postMessage(message: EngineRequest): void;
  terminate(): void;
}

export const DEFAULT_TIMEOUT_MS = 5000;

interface Pending {
  readonly id: number;
  readonly job: EngineJob;
  readonly resolve: (outcome: EngineOutcome) => void;
}

export class EngineClient {
  private worker: WorkerLike | undefined;
  private nextId = 1;
  /** The newest job asked for; it may be in the worker or waiting for it. */
  private latest: Pending | undefined;
  /** The job the worker is working on now. */
  private inFlight: { id: number; timer: ReturnType<typeof setTimeout> } | undefined;

  constructor(
    private readonly spawn: () => WorkerLike,
    private readonly timeoutMs: number = DEFAULT_TIMEOUT_MS,
  ) {}

  run(job: EngineJob): Promise<EngineOutcome> {
    return new Promise((resolve) => {
      this.latest?.resolve({ kind: 'stale' });
      this.latest = { id: this.nextId++, job, resolve };
      if (!this.inFlight) this.dispatch(this.latest);
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
    this.inFlight = { id: pending.id, timer };
    worker.postMessage({ id: pending.id, ...pending.job });
  }

  private ensureWorker(): WorkerLike {
    if (this.worker) return this.worker;
    const worker = this.spawn();
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
    clearTimeout(this.inFlight.timer);
    this.inFlight = undefined;
    this.settle(response.id, () =>
      response.ok
        ? {
            kind: 'result',
            trace: response.trace,
            diagnostics: response.diagnostics,
            yamlVersion: response.yamlVersion,
            topology: response.topology,
            path: response.path,
            lifecycle: response.lifecycle,
            config: response.config,
            simulation: response.simulation,
            elapsedMs: response.elapsedMs,
          }
        : { kind: 'error', message: response.error },
    );
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
  private settle(id: number, outcome: () => EngineOutcome): void {
    const latest = this.latest;
    if (!latest) return;
    if (latest.id === id) {
      this.latest = undefined;
      latest.resolve(outcome());
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
