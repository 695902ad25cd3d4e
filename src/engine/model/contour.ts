/**
 * Contour's own resources (projectcontour.io/v1) as the engine reads them: HTTPProxy and
 * TLSCertificateDelegation. Field names follow [CTR] apis/projectcontour/v1/httpproxy.go
 * and tlscertificatedelegation.go; values keep what the YAML said (durations parsed), so
 * that the compiler in flavors/contour can apply Contour's own defaults and say which
 * line caused each decision.
 */
import type { ResourceBase } from './resources.js';
import type { SourceRef } from './source.js';

/**
 * A duration as Contour's `timeout.Parse` reads it ([CTR] internal/timeout/timeout.go):
 * '' and any zero are "use the default", "infinity"/"infinite" disable the timeout,
 * anything else is a Go duration. `invalid` passed the CRD pattern but Go's
 * time.ParseDuration refuses it (Contour then marks the route invalid).
 */
export type ContourDuration =
  | { readonly kind: 'default' }
  | { readonly kind: 'disabled' }
  | { readonly kind: 'duration'; readonly ms: number }
  | { readonly kind: 'invalid'; readonly reason: string };

export interface ContourHeaderCondition {
  /** As written; Contour compares header names case-insensitively. */
  readonly name: string;
  readonly present: boolean;
  readonly notpresent: boolean;
  readonly contains?: string;
  readonly notcontains?: string;
  readonly exact?: string;
  readonly notexact?: string;
  readonly regex?: string;
  readonly ignoreCase: boolean;
  readonly treatMissingAsEmpty: boolean;
}

export interface ContourQueryCondition {
  readonly name: string;
  readonly exact?: string;
  readonly prefix?: string;
  readonly suffix?: string;
  readonly regex?: string;
  readonly contains?: string;
  readonly present: boolean;
  readonly ignoreCase: boolean;
}

/** One entry of `conditions[]`: at most one path field, or a header, or a query parameter. */
export interface ContourMatchCondition {
  readonly prefix?: string;
  readonly exact?: string;
  readonly regex?: string;
  readonly header?: ContourHeaderCondition;
  readonly queryParameter?: ContourQueryCondition;
  readonly source: SourceRef;
}

export interface ContourHeaderValue {
  readonly name: string;
  readonly value: string;
}

export interface ContourHeadersPolicy {
  readonly set: readonly ContourHeaderValue[];
  readonly remove: readonly string[];
  readonly source: SourceRef;
}

export interface ContourService {
  readonly name: string;
  readonly port: number;
  /** undefined when the YAML does not set it (Contour cannot tell 0 from unset either). */
  readonly weight?: number;
  readonly mirror: boolean;
  readonly protocol?: string;
  readonly requestHeadersPolicy?: ContourHeadersPolicy;
  readonly responseHeadersPolicy?: ContourHeadersPolicy;
  readonly source: SourceRef;
}

export interface ContourTimeoutPolicy {
  readonly response: ContourDuration;
  readonly idle: ContourDuration;
  readonly idleConnection: ContourDuration;
  readonly source: SourceRef;
}

export interface ContourRetryPolicy {
  /** `count` as written; undefined when absent (the CRD default is 1). */
  readonly count?: number;
  /** `perTryTimeout` as written. */
  readonly perTryTimeout?: string;
  readonly retryOn: readonly string[];
  readonly retriableStatusCodes: readonly number[];
  readonly source: SourceRef;
}

export interface ContourRequestHashPolicy {
  readonly terminal: boolean;
  readonly headerName?: string;
  readonly queryParameterName?: string;
  readonly hashSourceIP: boolean;
}

export interface ContourLoadBalancerPolicy {
  /** As written; Contour falls back to RoundRobin for anything it does not know. */
  readonly strategy?: string;
  readonly requestHashPolicies: readonly ContourRequestHashPolicy[];
  readonly source: SourceRef;
}

export interface ContourReplacePrefix {
  readonly prefix?: string;
  readonly replacement: string;
}

export interface ContourPathRewritePolicy {
  readonly replacePrefix: readonly ContourReplacePrefix[];
  readonly source: SourceRef;
}

export interface ContourRedirectPolicy {
  readonly scheme?: 'http' | 'https';
  readonly hostname?: string;
  readonly port?: number;
  /** 301, 302 (the CRD default), 303, 307 or 308. */
  readonly statusCode: number;
  readonly path?: string;
  readonly prefix?: string;
  readonly source: SourceRef;
}

export interface ContourDirectResponsePolicy {
  readonly statusCode: number;
  readonly body?: string;
  readonly source: SourceRef;
}

export interface ContourLocalRateLimit {
  readonly requests: number;
  readonly unit: 'second' | 'minute' | 'hour';
  readonly burst: number;
  /** undefined: Envoy's default of 429. */
  readonly responseStatusCode?: number;
  readonly source: SourceRef;
}

export interface ContourRateLimitPolicy {
  readonly local?: ContourLocalRateLimit;
  /** A global (external rate-limit service) policy is present; not modelled. */
  readonly hasGlobal: boolean;
  readonly source: SourceRef;
}

export interface ContourIpFilter {
  readonly source: 'Peer' | 'Remote';
  readonly cidr: string;
}

export interface ContourCorsPolicy {
  readonly allowOrigin: readonly string[];
  readonly allowMethods: readonly string[];
  readonly allowHeaders: readonly string[];
  readonly exposeHeaders: readonly string[];
  readonly allowCredentials: boolean;
  readonly maxAge?: string;
  readonly source: SourceRef;
}

export interface ContourRoute {
  readonly conditions: readonly ContourMatchCondition[];
  readonly services: readonly ContourService[];
  readonly enableWebsockets: boolean;
  readonly permitInsecure: boolean;
  readonly timeoutPolicy?: ContourTimeoutPolicy;
  readonly retryPolicy?: ContourRetryPolicy;
  readonly loadBalancerPolicy?: ContourLoadBalancerPolicy;
  readonly pathRewritePolicy?: ContourPathRewritePolicy;
  readonly requestHeadersPolicy?: ContourHeadersPolicy;
  readonly responseHeadersPolicy?: ContourHeadersPolicy;
  readonly requestRedirectPolicy?: ContourRedirectPolicy;
  readonly directResponsePolicy?: ContourDirectResponsePolicy;
  readonly rateLimitPolicy?: ContourRateLimitPolicy;
  /** `authPolicy.disabled` when an authPolicy is present. */
  readonly authDisabled?: boolean;
  readonly ipAllowPolicy: readonly ContourIpFilter[];
  readonly ipDenyPolicy: readonly ContourIpFilter[];
  readonly source: SourceRef;
}

export interface ContourInclude {
  readonly name: string;
  /** undefined: the including proxy's namespace. */
  readonly namespace?: string;
  readonly conditions: readonly ContourMatchCondition[];
  readonly source: SourceRef;
}

export interface ContourTls {
  /** `name` or `namespace/name`; a Secret in another namespace needs a TLSCertificateDelegation. */
  readonly secretName?: string;
  readonly passthrough: boolean;
  readonly minimumProtocolVersion?: string;
  readonly enableFallbackCertificate: boolean;
  readonly hasClientValidation: boolean;
  readonly source: SourceRef;
}

export interface ContourVirtualHost {
  readonly fqdn: string;
  readonly tls?: ContourTls;
  readonly corsPolicy?: ContourCorsPolicy;
  readonly rateLimitPolicy?: ContourRateLimitPolicy;
  readonly ipAllowPolicy: readonly ContourIpFilter[];
  readonly ipDenyPolicy: readonly ContourIpFilter[];
  /** An external authorization server is configured (not modelled beyond saying so). */
  readonly hasAuthorization: boolean;
  readonly source: SourceRef;
}

export interface HTTPProxy extends ResourceBase {
  readonly kind: 'HTTPProxy';
  /** Present on a root proxy only. */
  readonly virtualhost?: ContourVirtualHost;
  readonly routes: readonly ContourRoute[];
  readonly includes: readonly ContourInclude[];
  readonly ingressClassName?: string;
  /** spec.tcpproxy is present (TCP proxying is not modelled). */
  readonly hasTcpProxy: boolean;
}

export interface ContourCertificateDelegation {
  readonly secretName: string;
  /** `*` stands for every namespace. */
  readonly targetNamespaces: readonly string[];
  readonly source: SourceRef;
}

export interface TLSCertificateDelegation extends ResourceBase {
  readonly kind: 'TLSCertificateDelegation';
  readonly delegations: readonly ContourCertificateDelegation[];
}

/** Annotations that name a class on Contour's objects, first one wins ([CTR] internal/annotation). */
export const CONTOUR_CLASS_ANNOTATIONS = [
  'projectcontour.io/ingress.class',
  'kubernetes.io/ingress.class',
] as const;
