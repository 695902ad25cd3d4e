/**
 * The one route-table shape every controller family compiles into. The data-plane
 * stages (src/engine/path) read only this; what differs between families lives in
 * the family's compiler and in its `FamilyBehaviour` (selection order, status codes).
 */
import type { SourceRef } from './source.js';

/** The controller families the engine models (each in src/engine/flavors/<family>). */
export type FamilyId = 'nginx' | 'envoy-gateway' | 'traefik' | 'contour';

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
      /** The whole path must match (Envoy safe_regex); otherwise a match anywhere counts (nginx, Go). */
      readonly whole?: boolean;
    };

export interface HeaderMatch {
  readonly name: string;
  readonly kind: 'exact' | 'regex' | 'present' | 'absent';
  readonly value?: string;
  /** A regex must match the whole value (Envoy); otherwise anywhere (Go regexp.MatchString). */
  readonly whole?: boolean;
}

export interface QueryMatch {
  readonly name: string;
  readonly kind: 'exact' | 'regex' | 'present';
  readonly value?: string;
  readonly whole?: boolean;
  /** Which values of a repeated parameter count: the first (Envoy) or any (Traefik). Default first. */
  readonly values?: 'first' | 'any';
}

/**
 * A boolean rule over the request, for families whose matchers combine with and/or/not
 * (Traefik's rule language). Leaves reuse the field matchers above.
 */
export type MatchExpression =
  | { readonly op: 'and' | 'or'; readonly args: readonly MatchExpression[] }
  | { readonly op: 'not'; readonly arg: MatchExpression }
  | {
      readonly op: 'host';
      readonly kind: 'exact' | 'regex';
      /** Lower-case host name (`*.example.com` allowed for exact), or an RE2 pattern. */
      readonly value: string;
    }
  | { readonly op: 'path'; readonly match: PathMatch }
  | { readonly op: 'header'; readonly match: HeaderMatch }
  | { readonly op: 'query'; readonly match: QueryMatch }
  | { readonly op: 'method'; readonly methods: readonly string[] }
  | { readonly op: 'clientIP'; readonly cidrs: readonly string[] };

export interface RouteMatch {
  readonly path: PathMatch;
  readonly headers: readonly HeaderMatch[];
  readonly query: readonly QueryMatch[];
  readonly method?: string;
  /** Must also hold (ANDed with the fields above). */
  readonly expression?: MatchExpression;
}

// ------------------------------------------------------------------ actions

export interface BackendRef {
  readonly namespace: string;
  readonly service: string;
  readonly port: { readonly number?: number; readonly name?: string };
  readonly source: SourceRef;
}

/** Header edits: `set` overwrites, `add` appends (joined with ","), `remove` drops, in that order. */
export interface HeaderFilter {
  readonly set: readonly (readonly [string, string])[];
  readonly add: readonly (readonly [string, string])[];
  readonly remove: readonly string[];
}

export interface WeightedBackend extends BackendRef {
  readonly weight: number;
  /** Filters that apply only when this backend is chosen (Gateway API backendRef filters). */
  readonly requestHeaders?: HeaderFilter;
  readonly responseHeaders?: HeaderFilter;
  /**
   * The reference cannot be used (unknown kind, missing Service, not permitted): the
   * share of requests that picks it gets `status` (Gateway API: 500) instead.
   */
  readonly invalid?: { readonly status: number; readonly reason: string };
}

/** A copy of the request sent to another backend; its answer is ignored. */
export interface Mirror extends BackendRef {
  /** Share of requests mirrored, 0–100. */
  readonly percent: number;
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
  | { readonly kind: 'replacePrefix'; readonly prefix: string; readonly value: string }
  /** Traefik's path middlewares, in order, each applied to the result of the one before. */
  | { readonly kind: 'steps'; readonly steps: readonly PathStep[] };

/**
 * One path middleware as Traefik applies it ([TRF] pkg/middlewares/stripprefix,
 * stripprefixregex, addprefix, replacepath, replacepathregex).
 */
export type PathStep =
  /** Removes the first listed prefix the path starts with (a string prefix); records it in X-Forwarded-Prefix. */
  | { readonly kind: 'stripPrefix'; readonly prefixes: readonly string[] }
  /** Removes what the first matching regex matches at the start of the path. */
  | { readonly kind: 'stripPrefixRegex'; readonly patterns: readonly string[] }
  | { readonly kind: 'addPrefix'; readonly prefix: string }
  /** Replaces the whole path; the old one goes in X-Replaced-Path. */
  | { readonly kind: 'replacePath'; readonly path: string }
  /** Go's regexp.ReplaceAllString on the path, when it matches; the old one goes in X-Replaced-Path. */
  | { readonly kind: 'replacePathRegex'; readonly pattern: string; readonly replacement: string };

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
      /** Edits to the request headers the pod receives, and to the response the client gets. */
      readonly requestHeaders?: HeaderFilter;
      readonly responseHeaders?: HeaderFilter;
      readonly mirrors?: readonly Mirror[];
      /** Prefix recorded in X-Forwarded-Prefix (Traefik StripPrefix). */
      readonly forwardedPrefix?: string;
    }
  | {
      readonly kind: 'respond';
      readonly status: number;
      readonly reason: string;
      /**
       * A route of the YAML that answers by itself (Envoy direct_response), as opposed to
       * the family's answer for a request no route takes; `reason` then explains it.
       */
      readonly direct?: true;
    };

// ------------------------------------------------------------------ checks (before forwarding)

export interface Cidr {
  readonly text: string;
}

/**
 * What groups requests for a limit: the client address, the Host header's value, the value of
 * a header (the check's `header`), or nothing (`all`: every request through the check counts
 * together).
 */
export type RequestGrouping = 'ip' | 'host' | 'header' | 'all';

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
      /** Whose requests count together against `max` (nginx limit_conn: the client address). */
      readonly by: RequestGrouping;
      readonly header?: string;
      readonly status: number;
      readonly source: SourceRef;
      /** Who sets it, for explanations ("Middleware shop/limit (InFlightReq)"); default nginx limit_conn. */
      readonly origin?: string;
    }
  | {
      readonly kind: 'ipAccess';
      readonly allow: readonly Cidr[];
      readonly deny: readonly Cidr[];
      readonly status: number;
      readonly source: SourceRef;
      /** Who checks, for explanations ("Envoy's RBAC filter (...)"); default ingress-nginx's source ranges. */
      readonly origin?: string;
    }
  | {
      readonly kind: 'basicAuth';
      readonly realm: string;
      /** Users known from the Secret; empty when it could not be read. */
      readonly users: readonly string[];
      readonly source: SourceRef;
      /** Who sets it, for explanations ("Middleware shop/auth (BasicAuth)"); default ingress-nginx auth-type. */
      readonly origin?: string;
    }
  | {
      /**
       * Traefik RedirectScheme: redirects when the URL with `scheme` (and `port`) differs
       * from the request's; 301/308 when permanent, else 302/307 (GET keeps the first).
       */
      readonly kind: 'schemeRedirect';
      readonly scheme: string;
      readonly port?: string;
      readonly permanent: boolean;
      readonly source: SourceRef;
      readonly origin: string;
    }
  | {
      /**
       * Envoy's RedirectAction (Contour's requestRedirectPolicy and its HTTP→HTTPS upgrade):
       * the request URL with the scheme, host, port and path replaced where given, the
       * query kept; always answers `status`.
       */
      readonly kind: 'requestRedirect';
      readonly status: number;
      readonly scheme?: string;
      readonly hostname?: string;
      readonly port?: number;
      /** `full` replaces the whole path; `prefix` replaces the part the route matched. */
      readonly path?:
        | { readonly kind: 'full'; readonly value: string }
        | { readonly kind: 'prefix'; readonly matched: string; readonly value: string };
      readonly source: SourceRef;
      /** Who asks for it, for explanations ("requestRedirectPolicy of HTTPProxy shop/www"). */
      readonly origin: string;
    }
  | {
      /** Traefik RedirectRegex: the request URL rewritten by `regex`; a changed URL is a redirect. */
      readonly kind: 'regexRedirect';
      readonly regex: string;
      readonly replacement: string;
      readonly permanent: boolean;
      readonly source: SourceRef;
      readonly origin: string;
    }
  | {
      /**
       * An allowlist on the client address (Traefik IPAllowList): the connection's peer,
       * or with `depth` the address that far from the right of X-Forwarded-For, skipping
       * `excluded` addresses.
       */
      readonly kind: 'sourceRange';
      readonly allow: readonly Cidr[];
      readonly depth?: number;
      readonly excluded: readonly Cidr[];
      /**
       * The entry point trusts the client's X-Forwarded-For (forwardedHeaders.insecure or
       * trustedIPs); otherwise Traefik has dropped it before any middleware sees it.
       */
      readonly trustForwardedFor: boolean;
      readonly status: number;
      readonly source: SourceRef;
      readonly origin: string;
    }
  | {
      /**
       * A token bucket per client: `average` tokens per `periodMs`, at most `burst` saved;
       * an empty bucket answers `status`. Traefik's RateLimit (golang.org/x/time/rate) lets
       * a request wait briefly for the next token and forgets idle sources; Envoy's local
       * rate limit does neither (sim/tokenBucket.ts).
       */
      readonly kind: 'tokenBucket';
      readonly implementation: 'traefik' | 'envoy';
      readonly average: number;
      readonly periodMs: number;
      readonly burst: number;
      readonly status: number;
      /** What groups requests into buckets. */
      readonly by: RequestGrouping;
      readonly header?: string;
      /** One bucket set per middleware and replica. */
      readonly zone: string;
      readonly source: SourceRef;
      readonly origin: string;
    }
  | {
      /**
       * Envoy's CORS filter (Gateway API CORS on Envoy Gateway): preflights are answered by
       * the proxy, an allowed origin is echoed on responses (path/corsCheck.ts).
       */
      readonly kind: 'cors';
      /** `*` allows every origin; a `*` inside an origin matches any run of characters. */
      readonly allowOrigins: readonly string[];
      readonly allowCredentials: boolean;
      readonly allowMethods: readonly string[];
      readonly allowHeaders: readonly string[];
      readonly exposeHeaders: readonly string[];
      readonly maxAgeSeconds?: number;
      readonly source: SourceRef;
      /** Who answers, for explanations ("Envoy Gateway (CORS filter of HTTPRoute shop/api)"). */
      readonly origin: string;
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
  /**
   * The family's retry conditions: nginx proxy_next_upstream ('error', 'timeout',
   * 'http_502', ...), Envoy retry_on ('5xx', 'gateway-error', 'connect-failure', ...).
   */
  readonly on: readonly string[];
  /** 0 = no limit. */
  readonly budgetMs: number;
  readonly retryNonIdempotent: boolean;
  /** Statuses that retry (Envoy retriable-status-codes, Gateway API retry.codes). */
  readonly statusCodes?: readonly number[];
  /** Time limit for one try (Envoy per_try_timeout); otherwise `timeouts.readMs` bounds a try. */
  readonly perTryTimeoutMs?: number;
  /** Wait before a retry: the base of Envoy's jittered exponential back-off (25 ms). */
  readonly backoffBaseMs?: number;
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
  /**
   * A certificate the controller obtains itself (Traefik certResolver, ACME / Let's
   * Encrypt) for these names; not in any Secret of the YAML.
   */
  readonly automatic?: { readonly issuer: string; readonly names: readonly string[] };
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
