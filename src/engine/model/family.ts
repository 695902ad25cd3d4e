/**
 * What really differs between controller families, behind one interface: how a host
 * and a route are chosen, which certificate is served, the status codes and log lines
 * for failures, and the headers the pod receives. The data-plane stages call only this.
 */
import type { RetryRules } from '../sim/attempts.js';
import type { Candidate } from './trace.js';
import type { Route, RoutePolicy, RouteTable, VirtualHost } from './routeTable.js';

export type HostChoice = {
  readonly vhost: VirtualHost;
  readonly how: 'exact' | 'wildcard' | 'catch-all';
};

export type RouteChoice =
  | {
      readonly kind: 'route';
      readonly route: Route;
      readonly candidates: readonly Candidate[];
      readonly regexError?: string;
    }
  | {
      readonly kind: 'slashRedirect';
      readonly route: Route;
      readonly location: string;
      readonly candidates: readonly Candidate[];
    };

/** What a route can match on: the request as the proxy sees it. */
export interface MatchInput {
  /** Lower-case Host without port. */
  readonly host: string;
  /** The path after the family's normalization (what locations/routes match against). */
  readonly path: string;
  /** The path as the client sent it. */
  readonly rawPath: string;
  readonly method: string;
  readonly headers: readonly (readonly [string, string])[];
  /** The raw query string without `?`. */
  readonly query: string;
  /** The address the proxy sees the connection from. */
  readonly peerAddress: string;
}

export interface ForwardingContext {
  readonly route: Route;
  /** Address the proxy sees the connection from (after the load balancer). */
  readonly peerAddress: string;
  readonly scheme: 'http' | 'https';
  readonly serverPort: number;
  readonly requestHeaders: readonly (readonly [string, string])[];
  readonly hostHeader: string;
  readonly requestUri: string;
  readonly requestId: string;
}

export interface ForwardingResult {
  /** The client address the proxy believes (after real-IP processing): allowlists and rate limits use it. */
  readonly clientAddress: string;
  /** The scheme the proxy believes (X-Forwarded-Proto when trusted). */
  readonly effectiveScheme: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly notes: readonly string[];
}

export interface FamilyBehaviour {
  readonly product: string;
  selectHost(table: RouteTable, host: string): HostChoice;
  selectRoute(vhost: VirtualHost, input: MatchInput): RouteChoice;
  /**
   * The path the proxy matches on, or why it refuses the request (nginx resolves
   * "/../" and answers 400 for a path above the root).
   */
  normalizePath(
    path: string,
  ): { readonly ok: true; readonly path: string } | { readonly ok: false; readonly why: string };
  /**
   * The proxy sends the normalized path upstream too (Envoy's normalize_path "affects the
   * upstream :path header as well"); nginx passes the request URI as the client sent it.
   */
  readonly forwardsNormalizedPath?: boolean;
  /** The virtual host whose certificate answers this SNI name, if any. */
  selectCertificate(table: RouteTable, sni: string | undefined): VirtualHost | undefined;
  readonly defaultCertificateName: string;
  /** Real-IP handling and the X-Forwarded-* headers the pod receives. */
  forward(ctx: ForwardingContext): ForwardingResult;
  readonly status: {
    readonly noEndpoints: number;
    readonly connectFailure: number;
    readonly timeout: number;
    /** null: no HTTP answer at all, the TLS handshake just fails (Envoy closes the connection). */
    readonly plainHttpToTlsPort: number | null;
    /** TLS chose one listener and Host names another on the same port (Gateway API: 421). */
    readonly misdirected: number;
  };
  /** Family words for the shared explanations. */
  readonly words: {
    /** What the family calls a route: "location", "route", "router". */
    readonly route: string;
    /** What the client gets when it speaks plain HTTP to the TLS port. */
    readonly plainHttpToTls: string;
    /** What it calls a virtual host: "server", "virtual host". */
    readonly host: string;
    /**
     * Its own sentence about the Host, when host selection does not fit the family
     * (Traefik has no virtual hosts: a router's rule may or may not test the Host).
     */
    hostLine?(host: string, vhost: VirtualHost): string;
    /** Why a request that matched no route gets `status` ("ingress-nginx's default backend answers 404"). */
    noRoute(status: number): string;
    /** The timeouts and retries that applied, in the family's own terms. */
    policy(policy: RoutePolicy): string;
    /** Why a pod's own error status reaches the client unchanged (or was retried). */
    podError(status: number, policy: RoutePolicy): string;
  };
  readonly retry: RetryRules;
  /** Period of the proxy's endpoint sync (ingress-nginx: 1 s); 0 when endpoint changes are pushed (Envoy EDS). */
  readonly endpointSyncMs: number;
  readonly log: {
    noEndpoints(service: string): string;
    refused(podAddress: string, upstream: string): string;
    timeout(podAddress: string, upstream: string): string;
    reset(podAddress: string, upstream: string): string;
    /** An access-log line for an answer the proxy made itself (Envoy: with its response flag). */
    answer?(status: number, cause: 'noRoute' | 'misdirected' | 'invalidBackend'): string;
  };
}
