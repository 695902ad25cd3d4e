/**
 * The one route-table shape every controller family compiles into. The data-plane
 * stages (src/engine/path) read only this; what differs between families lives in
 * the family's compiler and in its `FamilyBehaviour` (selection order, status codes).
 */
import type { SourceRef } from './source.js';

export type FamilyId = 'nginx';

// ------------------------------------------------------------------ matching

export type PathMatch =
  /** The path equals `value` (nginx `location = /x`, Ingress Exact). */
  | { readonly kind: 'exact'; readonly value: string; readonly caseInsensitive?: boolean }
  /**
   * `segment`: element-wise, as Ingress Prefix and Gateway PathPrefix define it.
   * `string`: a plain string prefix (nginx prefix locations, Traefik PathPrefix).
   */
  | { readonly kind: 'prefix'; readonly value: string; readonly semantics: 'segment' | 'string' }
  | {
      readonly kind: 'regex';
      readonly pattern: string;
      readonly caseInsensitive: boolean;
      readonly anchoredStart: boolean;
    };

export interface HeaderMatch {
  readonly name: string;
  readonly kind: 'exact' | 'regex' | 'present' | 'absent';
  readonly value?: string;
}

export interface QueryMatch {
  readonly name: string;
  readonly kind: 'exact' | 'regex' | 'present';
  readonly value?: string;
}

export interface RouteMatch {
  readonly path: PathMatch;
  readonly headers: readonly HeaderMatch[];
  readonly query: readonly QueryMatch[];
  readonly method?: string;
}

// ------------------------------------------------------------------ actions

export interface BackendRef {
  readonly namespace: string;
  readonly service: string;
  readonly port: { readonly number?: number; readonly name?: string };
  readonly source: SourceRef;
}

export interface WeightedBackend extends BackendRef {
  readonly weight: number;
}

/** A canary (alternative) backend, chosen by header, cookie or weight before the main one. */
export interface AlternativeBackend extends BackendRef {
  readonly byHeader?: { readonly name: string; readonly value?: string; readonly pattern?: string };
  readonly byCookie?: string;
  readonly weight: number;
  readonly weightTotal: number;
}

export type PathRewrite =
  /** nginx `rewrite "(?i)<pattern>" <replacement> break;` with $1… captures. */
  | {
      readonly kind: 'regex';
      readonly pattern: string;
      readonly replacement: string;
      readonly caseInsensitive: boolean;
    }
  | { readonly kind: 'replaceFull'; readonly value: string }
  | { readonly kind: 'replacePrefix'; readonly prefix: string; readonly value: string };

export type RouteAction =
  | {
      readonly kind: 'forward';
      readonly backends: readonly WeightedBackend[];
      readonly alternatives: readonly AlternativeBackend[];
      readonly rewrite?: PathRewrite;
      /** Replaces the Host header sent upstream. */
      readonly upstreamHost?: string;
      /** Service that answers when the backend has no ready endpoints (ingress-nginx `default-backend`). */
      readonly fallback?: BackendRef;
      /** The controller's own default backend: answers 404 (ingress-nginx) for unmatched requests. */
      readonly isDefaultBackend?: boolean;
    }
  | { readonly kind: 'respond'; readonly status: number; readonly reason: string };

// ------------------------------------------------------------------ checks (before forwarding)

export interface Cidr {
  readonly text: string;
}

/** Steps a proxy runs on a matched request before it forwards it, in the order listed. */
export type RouteCheck =
  | {
      readonly kind: 'bodySize';
      readonly maxBytes: number;
      readonly status: number;
      readonly source: SourceRef;
    }
  | {
      readonly kind: 'httpsRedirect';
      readonly status: number;
      /** 'certificate': only when the host has a certificate (ingress-nginx ssl-redirect); 'always': force. */
      readonly when: 'certificate' | 'always';
      readonly trustForwardedProto: boolean;
      readonly preserveTrailingSlash: boolean;
      readonly source: SourceRef;
    }
  | {
      readonly kind: 'redirect';
      readonly status: number;
      readonly location: string;
      readonly source: SourceRef;
    }
  | { readonly kind: 'appRoot'; readonly target: string; readonly source: SourceRef }
  | {
      readonly kind: 'corsPreflight';
      readonly origin: string;
      readonly methods: string;
      readonly source: SourceRef;
    }
  | {
      readonly kind: 'rateLimit';
      readonly unit: 'rps' | 'rpm';
      readonly rate: number;
      readonly burst: number;
      readonly status: number;
      readonly zone: string;
      readonly exempt: readonly Cidr[];
      readonly source: SourceRef;
    }
  | {
      readonly kind: 'connectionLimit';
      readonly max: number;
      readonly status: number;
      readonly source: SourceRef;
    }
  | {
      readonly kind: 'ipAccess';
      readonly allow: readonly Cidr[];
      readonly deny: readonly Cidr[];
      readonly status: number;
      readonly source: SourceRef;
    }
  | {
      readonly kind: 'basicAuth';
      readonly realm: string;
      /** Users known from the Secret; empty when it could not be read. */
      readonly users: readonly string[];
      readonly source: SourceRef;
    }
  | {
      readonly kind: 'deny';
      readonly status: number;
      readonly reason: string;
      readonly source: SourceRef;
    };

// ------------------------------------------------------------------ policy

export interface TimeoutPolicy {
  readonly connectMs: number;
  readonly sendMs: number;
  /** Between two successive reads (nginx), not for the whole response. */
  readonly readMs: number;
  /** Whole request including retries (Envoy route timeout); undefined = none. */
  readonly requestMs?: number;
}

export interface RetryPolicy {
  /** Total tries including the first. */
  readonly tries: number;
  /** nginx proxy_next_upstream conditions ('error', 'timeout', 'http_502', ...). */
  readonly on: readonly string[];
  /** 0 = no limit. */
  readonly budgetMs: number;
  readonly retryNonIdempotent: boolean;
}

export interface BalancingPolicy {
  readonly algorithm: 'round_robin' | 'ewma' | 'hash' | 'cookie';
  readonly hashBy?: string;
  readonly cookieName?: string;
}

export interface ForwardingPolicy {
  /** ingress-nginx use-forwarded-headers: trust incoming X-Forwarded-*. */
  readonly trustForwardedHeaders: boolean;
  readonly computeFullForwardedFor: boolean;
  readonly forwardedForHeader: string;
  readonly realIpFrom: readonly Cidr[];
  readonly xForwardedPrefix?: string;
  readonly backendProtocol: string;
}

export interface ConnectionPolicy {
  /** Idle upstream connections kept per proxy process; 0 = a new connection per request. */
  readonly upstreamKeepalive: number;
  readonly upstreamIdleTimeoutMs: number;
  /** How long the proxy keeps an idle client connection open. */
  readonly clientKeepAliveMs: number;
}

export interface RoutePolicy {
  readonly timeouts: TimeoutPolicy;
  readonly connections: ConnectionPolicy;
  readonly retry: RetryPolicy;
  readonly balancing: BalancingPolicy;
  readonly forwarding: ForwardingPolicy;
}

// ------------------------------------------------------------------ table

export interface Route {
  readonly id: string;
  /** How the family itself writes it, e.g. `location = /api` or `location ~* "^/api"`. */
  readonly label: string;
  readonly match: RouteMatch;
  readonly checks: readonly RouteCheck[];
  readonly action: RouteAction;
  readonly policy: RoutePolicy;
  /** The YAML that produced this route (an Ingress path, the controller's default). */
  readonly source: SourceRef;
  /** The Ingress path as written, when different from the label (shown in explanations). */
  readonly written?: string;
}

export interface TlsBinding {
  /** ns/name of the Secret, or undefined when the default certificate is served. */
  readonly secret?: string;
  /** Why the default certificate is served instead, when it is. */
  readonly defaultReason?: string;
  readonly source: SourceRef;
}

export interface VirtualHost {
  readonly id: string;
  /** `null` is the catch-all server (`server_name _`). */
  readonly hostname: string | null;
  readonly tls?: TlsBinding;
  readonly routes: readonly Route[];
  /** Regex mode for the whole host (ingress-nginx use-regex / rewrite-target), with the cause. */
  readonly regexMode?: SourceRef;
  readonly sources: readonly SourceRef[];
}

export interface RouteTable {
  readonly family: FamilyId;
  readonly virtualHosts: readonly VirtualHost[];
  /** Answers requests whose Host matches no virtual host. */
  readonly fallback: VirtualHost;
}
