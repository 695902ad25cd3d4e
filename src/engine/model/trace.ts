/** What `trace` returns: the request's path through every stage, and the response. */
import type { Diagnostic } from './diagnostics.js';
import type { SourceRef } from './source.js';

export type StageId =
  'dns' | 'l4lb' | 'controller' | 'tls' | 'match' | 'endpoints' | 'upstream' | 'pod';

export const STAGE_ORDER: readonly StageId[] = [
  'dns',
  'l4lb',
  'controller',
  'tls',
  'match',
  'endpoints',
  'upstream',
  'pod',
];

export type StageOutcome = 'ok' | 'fail' | 'skipped';

/** A candidate the match stage considered and why it did or did not win. */
export interface Candidate {
  readonly label: string;
  readonly matched: boolean;
  readonly reason: string;
  readonly source?: SourceRef;
}

export interface Stage {
  readonly id: StageId;
  readonly outcome: StageOutcome;
  /** One line: "GET /api → location /api/ (Ingress shop/api)". */
  readonly summary: string;
  /** Plain words for a learner. */
  readonly explanation: string;
  readonly sources: readonly SourceRef[];
  /** What the component would log (an nginx error-log line, an Envoy response flag). */
  readonly log?: string;
  readonly candidates?: readonly Candidate[];
  /** Things the engine assumed at this stage (a Service the YAML does not define). */
  readonly assumptions?: readonly string[];
  readonly startMs: number;
  readonly endMs: number;
}

export interface Attempt {
  readonly pod: string | null;
  readonly address: string | null;
  readonly startMs: number;
  readonly endMs: number;
  /** 'response' when the pod answered; otherwise why the attempt failed. */
  readonly outcome: 'response' | 'refused' | 'timeout' | 'reset';
  readonly status?: number;
}

export interface BackendChoice {
  readonly namespace: string;
  readonly service: string;
  readonly port: number | string;
  readonly pod: string;
  readonly assumed?: true;
}

export interface Forwarded {
  readonly host: string;
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
}

/** A copy of the request sent to a mirror backend (its answer is ignored). */
export interface Mirrored {
  readonly namespace: string;
  readonly service: string;
  /** The pod that receives the copy, or null when the Service has no ready endpoint. */
  readonly pod: string | null;
}

export interface TlsResult {
  /** ns/name of the Secret whose certificate was served, or null for the default certificate. */
  readonly secret: string | null;
  readonly defaultCertificate: boolean;
  readonly verified: boolean;
  readonly subject?: string;
}

export interface Trace {
  readonly request: {
    readonly method: string;
    readonly url: string;
    readonly host: string;
    readonly path: string;
    readonly clientIp: string;
  };
  readonly stages: readonly Stage[];
  /** null when no HTTP response came back (see `error`). */
  readonly status: number | null;
  readonly error: string | null;
  readonly backend: BackendChoice | null;
  readonly redirect: string | null;
  readonly responseHeaders: Readonly<Record<string, string>>;
  readonly forwarded: Forwarded | null;
  /** Copies sent to mirror backends (Gateway API RequestMirror, Contour mirror services). */
  readonly mirrored: readonly Mirrored[];
  readonly tls: TlsResult | null;
  readonly attempts: readonly Attempt[];
  /** Which controller answered, e.g. ingress-nginx/ingress-nginx-controller. */
  readonly controller: string | null;
  readonly summary: string;
  readonly explanation: string;
  readonly assumptions: readonly string[];
  readonly diagnostics: readonly Diagnostic[];
  readonly durationMs: number;
}
