/**
 * `trace -o json`: the contract in design.md and issue 2, section 6, with issue 3's
 * `durationMs` and `attemptsDetail`. Keys are written in a
 * fixed order so that the output is stable byte for byte; optional keys (`file`, `assumed`,
 * `log`, `candidates`) appear only when they have a value.
 */
import type { Diagnostic, SourceRef, Stage, Trace } from '../../engine/index.js';
import { fixJson, viewDiagnostic } from './diagnostics.js';

export interface TraceJson {
  status: number | null;
  backend: { namespace: string; service: string; port: number | string; pod: string } | null;
  redirect: string | null;
  forwarded: { host: string; path: string; headers: Record<string, string> } | null;
  /** Headers the client gets with the answer (redirect Location, filters, CORS, Retry-After). */
  responseHeaders: Record<string, string>;
  /** Copies of the request sent to mirror backends. */
  mirrored: { namespace: string; service: string; pod: string | null }[];
  tls: { secret: string | null; defaultCertificate: boolean } | null;
  attempts: AttemptJson[];
  error: string | null;
  stages: StageJson[];
  assumptions: string[];
  diagnostics: DiagnosticJson[];
  controller: string | null;
  /** Simulated time until the client has the response (or gives up). */
  durationMs: number;
  /** Each attempt to a pod, in order: the contract of issue 3. */
  attemptsDetail: AttemptDetailJson[];
}

export interface AttemptDetailJson {
  pod: string | null;
  startMs: number;
  endMs: number;
  /** 'response' when the pod answered, or 'refused', 'timeout', 'reset'. */
  outcome: string;
}

export interface AttemptJson {
  pod: string | null;
  address: string | null;
  outcome: string;
  status: number | null;
  startMs: number;
  endMs: number;
}

export interface SourceJson {
  kind: string;
  namespace: string;
  name: string;
  path: (string | number)[];
  startLine: number;
  endLine: number;
  file?: string;
  assumed?: true;
}

export interface StageJson {
  id: string;
  outcome: string;
  summary: string;
  explanation: string;
  sources: SourceJson[];
  startMs: number;
  endMs: number;
  log?: string;
  candidates?: { label: string; matched: boolean; reason: string; source?: SourceJson }[];
}

export interface DiagnosticJson {
  code: string;
  severity: string;
  message: string;
  line: number;
  file?: string;
  /** The quick fix, as `lint -o json` gives it. */
  fix?: { title: string; edit?: { line: number; find: string; replace: string } };
}

export function traceToJson(t: Trace, diagnostics: readonly Diagnostic[]): TraceJson {
  return {
    status: t.status,
    backend: t.backend
      ? {
          namespace: t.backend.namespace,
          service: t.backend.service,
          port: t.backend.port,
          pod: t.backend.pod,
        }
      : null,
    redirect: t.redirect,
    forwarded: t.forwarded
      ? { host: t.forwarded.host, path: t.forwarded.path, headers: { ...t.forwarded.headers } }
      : null,
    responseHeaders: { ...t.responseHeaders },
    mirrored: t.mirrored.map((m) => ({ namespace: m.namespace, service: m.service, pod: m.pod })),
    tls: t.tls ? { secret: t.tls.secret, defaultCertificate: t.tls.defaultCertificate } : null,
    attempts: t.attempts.map((a) => ({
      pod: a.pod,
      address: a.address,
      outcome: a.outcome,
      status: a.status ?? null,
      startMs: a.startMs,
      endMs: a.endMs,
    })),
    error: t.error,
    stages: t.stages.map(stageToJson),
    assumptions: [...t.assumptions],
    diagnostics: diagnostics.map(diagnosticToJson),
    controller: t.controller,
    durationMs: t.durationMs,
    attemptsDetail: t.attempts.map((a) => ({
      pod: a.pod,
      startMs: roundMs(a.startMs),
      endMs: roundMs(a.endMs),
      outcome: a.outcome,
    })),
  };
}

export function diagnosticToJson(d: Diagnostic): DiagnosticJson {
  const v = viewDiagnostic(d);
  return {
    code: v.code,
    severity: v.severity,
    message: v.message,
    line: v.line,
    ...(v.file !== null ? { file: v.file } : {}),
    ...(v.fix ? { fix: fixJson(v.fix) } : {}),
  };
}

/** Times to the hundredth of a millisecond: finer is noise from floating point. */
function roundMs(ms: number): number {
  return Math.round(ms * 100) / 100;
}

function stageToJson(s: Stage): StageJson {
  return {
    id: s.id,
    outcome: s.outcome,
    summary: s.summary,
    explanation: s.explanation,
    sources: s.sources.map(sourceToJson),
    startMs: s.startMs,
    endMs: s.endMs,
    ...(s.log !== undefined ? { log: s.log } : {}),
    ...(s.candidates
      ? {
          candidates: s.candidates.map((c) => ({
            label: c.label,
            matched: c.matched,
            reason: c.reason,
            ...(c.source ? { source: sourceToJson(c.source) } : {}),
          })),
        }
      : {}),
  };
}

export function sourceToJson(s: SourceRef): SourceJson {
  return {
    kind: s.kind,
    namespace: s.namespace,
    name: s.name,
    path: [...s.path],
    startLine: s.range.startLine,
    endLine: s.range.endLine,
    ...(s.file !== undefined ? { file: s.file } : {}),
    ...(s.assumed ? { assumed: true as const } : {}),
  };
}
