/** Accumulates stages as a request moves along, with simulated time. */
import type { Diagnostic } from '../model/diagnostics.js';
import type { SourceRef } from '../model/source.js';
import type {
  Attempt,
  BackendChoice,
  Candidate,
  Forwarded,
  Mirrored,
  Stage,
  StageId,
  StageOutcome,
  TlsResult,
  Trace,
} from '../model/trace.js';
import { STAGE_ORDER } from '../model/trace.js';

export interface StageDetails {
  readonly sources?: readonly SourceRef[];
  readonly log?: string;
  readonly candidates?: readonly Candidate[];
  readonly assumptions?: readonly string[];
  readonly durationMs?: number;
}

export interface Ending {
  readonly status: number | null;
  readonly error?: string;
  readonly summary: string;
  readonly explanation: string;
  readonly redirect?: string;
  readonly headers?: Readonly<Record<string, string>>;
}

export class TraceBuilder {
  private readonly stages: Stage[] = [];
  private clockMs = 0;
  private readonly assumptions: string[] = [];
  backend: BackendChoice | null = null;
  forwarded: Forwarded | null = null;
  readonly mirrored: Mirrored[] = [];
  tls: TlsResult | null = null;
  controller: string | null = null;
  podAnswered = false;
  readonly attempts: Attempt[] = [];
  readonly responseHeaders: Record<string, string> = {};

  constructor(private readonly request: Trace['request']) {}

  get now(): number {
    return this.clockMs;
  }

  advance(ms: number): void {
    this.clockMs = round(this.clockMs + ms);
  }

  assume(text: string): void {
    if (!this.assumptions.includes(text)) this.assumptions.push(text);
  }

  stage(
    id: StageId,
    outcome: StageOutcome,
    summary: string,
    explanation: string,
    details: StageDetails = {},
  ): void {
    const start = this.clockMs;
    this.advance(details.durationMs ?? 0);
    for (const a of details.assumptions ?? []) this.assume(a);
    this.stages.push({
      id,
      outcome,
      summary,
      explanation,
      sources: details.sources ?? [],
      startMs: start,
      endMs: this.clockMs,
      ...(details.log ? { log: details.log } : {}),
      ...(details.candidates ? { candidates: details.candidates } : {}),
      ...(details.assumptions && details.assumptions.length > 0
        ? { assumptions: details.assumptions }
        : {}),
    });
  }

  /** The stages so far (a simulation keeps them once per kind of request). */
  stagesSoFar(): readonly Stage[] {
    return [...this.stages];
  }

  /** kind/namespace/name of every resource a stage cited. */
  citedResources(): Set<string> {
    const out = new Set<string>();
    for (const s of this.stages)
      for (const src of s.sources) out.add(`${src.kind}/${src.namespace}/${src.name}`);
    return out;
  }

  finish(ending: Ending, diagnostics: readonly Diagnostic[]): Trace {
    // Stages arrive in order; the ones never reached are filled in as skipped.
    const byId = new Map(this.stages.map((s) => [s.id, s] as const));
    const stages = STAGE_ORDER.map(
      (id): Stage =>
        byId.get(id) ?? {
          id,
          outcome: 'skipped',
          summary: 'not reached',
          explanation: 'The request ended before this stage.',
          sources: [],
          startMs: this.clockMs,
          endMs: this.clockMs,
        },
    );
    return {
      request: this.request,
      stages,
      status: ending.status,
      error: ending.error ?? null,
      // The backend is reported only when a pod answered.
      backend: this.podAnswered ? this.backend : null,
      redirect: ending.redirect ?? null,
      responseHeaders: { ...this.responseHeaders, ...(ending.headers ?? {}) },
      forwarded: this.forwarded,
      mirrored: this.mirrored,
      tls: this.tls,
      attempts: this.attempts,
      controller: this.controller,
      summary: ending.summary,
      explanation: ending.explanation,
      assumptions: this.assumptions,
      diagnostics,
      durationMs: this.clockMs,
    };
  }
}

function round(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}
