/** What `simulate` returns: counts, latencies and load over simulated time, and a few whole requests. */
import type { Attempt, Stage } from './trace.js';

export interface LatencySummary {
  readonly p50: number;
  readonly p95: number;
  readonly p99: number;
  readonly max: number;
}

export interface SecondSample {
  /** Second of simulated time, from 0. */
  readonly second: number;
  readonly requests: number;
  readonly errors: number;
  readonly p50: number;
  readonly p99: number;
}

export interface SampledRequest {
  readonly id: number;
  readonly arrivalMs: number;
  readonly client: string;
  readonly method: string;
  readonly url: string;
  readonly replica: string | null;
  readonly route: string | null;
  readonly service: string | null;
  readonly status: number | null;
  readonly reason: string;
  readonly latencyMs: number;
  readonly attempts: readonly Attempt[];
  /**
   * The stages from DNS to route matching as `trace` explains them for this kind of request
   * (times relative to its own start); the attempts above are what followed.
   */
  readonly stages: readonly Stage[];
}

export interface SimulationResult {
  readonly scenario: string;
  readonly seed: number;
  readonly durationMs: number;
  /** Requests that entered (sent by a client). */
  readonly requests: number;
  /** Per status ("200", "502", ...) or "error" when no HTTP response came back. Sums to `requests`. */
  readonly outcomes: Readonly<Record<string, number>>;
  /** Per reason ("response", "timeout", "refused", "rate limited", "no endpoints", ...). Sums to `requests`. */
  readonly reasons: Readonly<Record<string, number>>;
  readonly retries: number;
  readonly rateLimited: number;
  readonly handshakes: { readonly client: number; readonly upstream: number };
  readonly perPod: Readonly<Record<string, { readonly requests: number; readonly errors: number }>>;
  readonly perReplica: Readonly<Record<string, { readonly requests: number }>>;
  readonly latencyMs: LatencySummary;
  readonly perRoute: Readonly<
    Record<string, { readonly requests: number; readonly latencyMs: LatencySummary }>
  >;
  readonly series: readonly SecondSample[];
  readonly samples: readonly SampledRequest[];
  readonly stoppedEarly: boolean;
  /** Simulated time at which the run was stopped, or null when it ran to the end. */
  readonly stoppedAtMs: number | null;
  /** Events the engine applied: faults, reloads, readiness reaching the proxy. */
  readonly events: readonly { readonly atMs: number; readonly text: string }[];
}
