/**
 * Route tests (`kind: RouteTest`, routelab.dev/v1alpha1): requests with what should come
 * of them, checked against a trace. The same expectation shape serves the request goals of
 * an Exercise. What `runRouteTests` returns is here too.
 */
import type { RequestSpec } from './request.js';
import type { SourceRef } from './source.js';

/** How a header value (or any text) is checked. */
export type ValueMatch =
  | { readonly kind: 'equals'; readonly value: string }
  | { readonly kind: 'contains'; readonly value: string }
  /** An RE2 pattern found anywhere in the value (linear time: no pattern can hang the engine). */
  | { readonly kind: 'matches'; readonly pattern: string }
  | { readonly kind: 'present' }
  | { readonly kind: 'absent' };

export interface HeaderExpectation {
  readonly name: string;
  readonly match: ValueMatch;
  readonly source: SourceRef;
}

export interface BackendExpectation {
  readonly namespace?: string;
  readonly service?: string;
  readonly port?: number | string;
  /** The start of the pod's name ("api-" for any pod of the api Deployment). */
  readonly pod?: string;
}

/** What a request should come to. Every field is optional; the ones given must all hold. */
export interface RequestExpectation {
  /** One of these statuses. */
  readonly status?: readonly number[];
  /** True: no HTTP response comes back (DNS, connection or TLS failure). */
  readonly noResponse?: boolean;
  /** A pod of this backend answers; `null`: no pod answers. */
  readonly backend?: BackendExpectation | null;
  /** The Location of a redirect; `null`: no redirect. */
  readonly redirect?: string | null;
  /** The path (with its query) the pod receives, after any rewrite. */
  readonly path?: string;
  /** The Host header the pod receives. */
  readonly host?: string;
  /** Headers the pod receives. */
  readonly forwardedHeaders?: readonly HeaderExpectation[];
  /** Headers of the response the client gets. */
  readonly responseHeaders?: readonly HeaderExpectation[];
  /** At most this many tries sent to pods (a POST sent twice is a duplicate order). */
  readonly maxAttempts?: number;
  /** The certificate served: a Secret (namespace/name), or `default` for the controller's own. */
  readonly certificate?: { readonly secret: string } | { readonly default: true };
  /** The controller that answers (namespace/name, or name). */
  readonly controller?: string;
  /** Where each expected field is written, by field name (status, backend, path, ...). */
  readonly sources: Readonly<Record<string, SourceRef>>;
  readonly source: SourceRef;
}

export interface TestRequest {
  /** What the request checks, in words ("the API is served by api-svc"); the URL when not given. */
  readonly name: string;
  readonly request: RequestSpec;
  readonly expect: RequestExpectation;
  readonly source: SourceRef;
}

export interface RouteTest {
  readonly name: string;
  readonly requests: readonly TestRequest[];
  readonly source: SourceRef;
}

// ------------------------------------------------------------------ results

/** One expected field compared with what happened. */
export interface ExpectationCheck {
  /** status, backend, redirect, path, host, forwardedHeaders.X-Name, responseHeaders.X-Name, ... */
  readonly field: string;
  readonly expected: string;
  readonly actual: string;
  readonly pass: boolean;
  readonly source?: SourceRef;
}

/** A route as the controller's table holds it, and where it comes from. */
export interface RouteRef {
  /** Stable key: controller, host, label and the YAML it comes from. */
  readonly key: string;
  /** namespace/name of the controller. */
  readonly controller: string;
  /** The virtual host's name; null for a catch-all. */
  readonly host: string | null;
  /** The route's id in the first listener's table that has it. */
  readonly route: string;
  readonly label: string;
  /** The listeners that serve it (one route written once may be served on several). */
  readonly listeners: readonly string[];
  readonly source: SourceRef;
}

export interface RequestResult {
  /** The RouteTest it belongs to. */
  readonly test: string;
  readonly name: string;
  readonly method: string;
  readonly url: string;
  readonly pass: boolean;
  readonly checks: readonly ExpectationCheck[];
  /** What happened, in one line (the trace's summary). */
  readonly summary: string;
  readonly status: number | null;
  readonly stages: readonly {
    readonly id: string;
    readonly outcome: string;
    readonly summary: string;
  }[];
  /** The route it reached, if it reached one. */
  readonly route: RouteRef | null;
  /** Simulated time until the client has the answer. */
  readonly durationMs: number;
  readonly source: SourceRef;
}

export interface CoveredRoute extends RouteRef {
  /** How many requests reached it. */
  readonly requests: number;
}

export interface RouteCoverage {
  /** Routes written in the YAML that a request can reach (not the controllers' own answers). */
  readonly total: number;
  readonly reached: number;
  /** 0–100; 100 when there is no route. */
  readonly percent: number;
  readonly routes: readonly CoveredRoute[];
}

export interface RouteTestReport {
  readonly results: readonly RequestResult[];
  readonly passed: number;
  readonly failed: number;
  readonly coverage: RouteCoverage;
}
