/**
 * Traefik's own resources (traefik.io/v1alpha1, and the older traefik.containo.us/v1alpha1
 * group it still serves): IngressRoute and Middleware, as the engine reads them.
 * Shapes follow [TRF] pkg/provider/kubernetes/crd/traefikio/v1alpha1/{ingressroute,middleware}.go
 * and pkg/config/dynamic/middlewares.go (v3.7).
 */
import type { ResourceBase } from './resources.js';
import type { SourceRef } from './source.js';

/** The two API groups Traefik v3 reads its CRDs from. */
export const TRAEFIK_API_VERSIONS = [
  'traefik.io/v1alpha1',
  'traefik.containo.us/v1alpha1',
] as const;

/** A reference to a Middleware: `name` (maybe `name@provider`) and an optional namespace. */
export interface TraefikMiddlewareRef {
  readonly name: string;
  readonly namespace?: string;
  readonly source: SourceRef;
}

/** routes[].services[]: a Kubernetes Service (or a TraefikService, not modelled). */
export interface TraefikServiceRef {
  readonly name: string;
  readonly kind: 'Service' | 'TraefikService';
  readonly namespace?: string;
  /** Port number or port name of the Service. */
  readonly port?: number | string;
  /** Weighted round robin share when a route lists several services (default 1). */
  readonly weight?: number;
  /** http, https or h2c; default https for port 443 or a port named https*, else http. */
  readonly scheme?: string;
  /** Default true: the client's Host header goes to the pod. */
  readonly passHostHeader?: boolean;
  /** Forward to the Service's ClusterIP instead of the pods. */
  readonly nativeLB?: boolean;
  readonly strategy?: string;
  readonly source: SourceRef;
}

export interface TraefikRoute {
  /** The rule as written (parsed by flavors/traefik/rule.ts). */
  readonly match: string;
  readonly matchSource: SourceRef;
  /** Explicit priority; undefined or 0 = the rule's length. */
  readonly priority?: number;
  /** `syntax: v2` asks for the old rule language (deprecated; not modelled). */
  readonly syntax?: string;
  readonly services: readonly TraefikServiceRef[];
  readonly middlewares: readonly TraefikMiddlewareRef[];
  readonly source: SourceRef;
}

export interface TraefikTLS {
  /** A kubernetes.io/tls Secret in the IngressRoute's namespace. */
  readonly secretName?: string;
  /** An ACME resolver from the static configuration (Let's Encrypt). */
  readonly certResolver?: string;
  readonly options?: { readonly name: string; readonly namespace?: string };
  readonly domains: readonly { readonly main: string; readonly sans: readonly string[] }[];
  readonly source: SourceRef;
}

export interface IngressRoute extends ResourceBase {
  readonly kind: 'IngressRoute';
  /** Empty: the router listens on every default entry point. */
  readonly entryPoints: readonly string[];
  readonly routes: readonly TraefikRoute[];
  readonly tls?: TraefikTLS;
}

// ------------------------------------------------------------------ middlewares

/** How RateLimit and InFlightReq group requests ([TRF] dynamic.SourceCriterion). */
export interface SourceCriterion {
  readonly ipStrategy?: IpStrategy;
  readonly requestHeaderName?: string;
  readonly requestHost?: boolean;
}

/** Which address counts as the client's ([TRF] dynamic.IPStrategy). */
export interface IpStrategy {
  /** Take the address `depth` entries from the right of X-Forwarded-For. */
  readonly depth?: number;
  /** Skip these addresses in X-Forwarded-For, from the right. */
  readonly excludedIPs: readonly string[];
  readonly ipv6Subnet?: number;
}

export type MiddlewareSpec =
  | { readonly type: 'stripPrefix'; readonly prefixes: readonly string[] }
  | { readonly type: 'stripPrefixRegex'; readonly regex: readonly string[] }
  | { readonly type: 'addPrefix'; readonly prefix: string }
  | { readonly type: 'replacePath'; readonly path: string }
  | { readonly type: 'replacePathRegex'; readonly regex: string; readonly replacement: string }
  | {
      readonly type: 'redirectScheme';
      readonly scheme: string;
      readonly port?: string;
      readonly permanent: boolean;
    }
  | {
      readonly type: 'redirectRegex';
      readonly regex: string;
      readonly replacement: string;
      readonly permanent: boolean;
    }
  | {
      readonly type: 'headers';
      readonly customRequestHeaders: Readonly<Record<string, string>>;
      readonly customResponseHeaders: Readonly<Record<string, string>>;
      readonly accessControlAllowOriginList: readonly string[];
      readonly accessControlAllowMethods: readonly string[];
    }
  | {
      readonly type: 'basicAuth';
      /** Secret with `users` (htpasswd lines) or a kubernetes.io/basic-auth Secret. */
      readonly secret?: string;
      readonly realm: string;
      readonly removeHeader: boolean;
      readonly headerField?: string;
    }
  | {
      readonly type: 'ipAllowList';
      /** Written as the deprecated `ipWhiteList`. */
      readonly deprecatedName: boolean;
      readonly sourceRange: readonly string[];
      readonly ipStrategy?: IpStrategy;
      readonly rejectStatusCode?: number;
    }
  | {
      readonly type: 'rateLimit';
      /** Requests per `periodMs`; 0 = no limit. */
      readonly average: number;
      readonly periodMs: number;
      readonly burst: number;
      readonly sourceCriterion?: SourceCriterion;
    }
  | {
      readonly type: 'retry';
      /** Tries in all, the first included. */
      readonly attempts: number;
      readonly initialIntervalMs: number;
      /** v3.7: statuses that also retry ("500-504", "429"). */
      readonly status: readonly string[];
      /** v3.7: POST, LOCK and PATCH are retried only with this. */
      readonly retryNonIdempotentMethod: boolean;
      /** v3.7: do not retry when the server could not be reached. */
      readonly disableRetryOnNetworkError: boolean;
    }
  | {
      readonly type: 'inFlightReq';
      readonly amount: number;
      readonly sourceCriterion?: SourceCriterion;
    }
  | { readonly type: 'chain'; readonly middlewares: readonly TraefikMiddlewareRef[] }
  /** A kind Traefik has and routelab does not model (forwardAuth, compress, errors, ...). */
  | { readonly type: 'other'; readonly name: string };

export type MiddlewareType = MiddlewareSpec['type'];

export interface MiddlewareEntry {
  readonly spec: MiddlewareSpec;
  /** The spec.<kind> block it came from. */
  readonly source: SourceRef;
}

export interface TraefikMiddleware extends ResourceBase {
  readonly kind: 'Middleware';
  /**
   * Every middleware kind set in spec. Traefik builds exactly one: none is "invalid
   * middleware type or middleware does not exist", several is "multi-types middleware
   * not supported" ([TRF] pkg/server/middleware/middlewares.go).
   */
  readonly entries: readonly MiddlewareEntry[];
}

/**
 * Diagnostic codes of the Traefik family (the RL7xx range): the readers, the compiler
 * (flavors/traefik) and lint (lint/traefik.ts).
 */
export const TRAEFIK_CODES = {
  /** A value the CRD schema refuses (kubectl apply fails). */
  invalid: 'RL701',
  /** A required field is missing (kubectl apply fails). */
  required: 'RL702',
  /** The rule does not parse, or Traefik refuses a matcher in it: the router is dropped. */
  rule: 'RL703',
  /** A route names a Middleware that does not exist: Traefik drops the router. */
  unknownMiddleware: 'RL704',
  /** A Middleware Traefik cannot build (no kind, several kinds, bad settings): routers using it are dropped. */
  badMiddleware: 'RL705',
  /** A router that never wins: a higher-priority router matches everything it does. */
  shadowed: 'RL706',
  /** A router whose Service cannot be used (missing, no endpoints, other namespace): dropped. */
  service: 'RL707',
  /** Annotations of the other family (nginx on an Ingress Traefik serves, and back). */
  wrongFamily: 'RL708',
  /** Something Traefik has that routelab does not model; the trace says what it assumes. */
  notModelled: 'RL709',
  /** A router bound to an entry point the controller does not have. */
  entryPoint: 'RL710',
  /** Two routers with the same priority that both match a request: Traefik's order is undefined. */
  tie: 'RL711',
  /** TLS: a missing or unusable Secret, a router without TLS on a TLS-only entry point. */
  tls: 'RL712',
  /** An annotation that looks like Traefik's but is not one it reads. */
  annotation: 'RL713',
} as const;
