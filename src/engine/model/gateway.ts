/**
 * Gateway API resources as the engine reads them (gateway.networking.k8s.io v1, with the
 * v1beta1 spellings of the same kinds), plus Namespace, whose labels `allowedRoutes`
 * selectors read. Field names follow the upstream Go types ([GW] apis/v1/*_types.go) so
 * that a reader can look a field up there; defaults the CRD applies are applied by the
 * reader and marked where they matter (e.g. a rule without matches).
 */
import type { ResourceBase } from './resources.js';
import type { SourceRef } from './source.js';

// ---------------------------------------------------------------- shared

/** A Kubernetes label selector (matchLabels AND matchExpressions). */
export interface LabelSelector {
  readonly matchLabels: Readonly<Record<string, string>>;
  readonly matchExpressions: readonly {
    readonly key: string;
    readonly operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';
    readonly values: readonly string[];
  }[];
}

/** A GEP-2257 duration, kept as written and in milliseconds. */
export interface GatewayDuration {
  readonly text: string;
  readonly ms: number;
  readonly source: SourceRef;
}

/** An object reference with group and kind defaulted as the CRD defaults them. */
export interface ObjectRef {
  /** '' is the core group. */
  readonly group: string;
  readonly kind: string;
  readonly name: string;
  /** As written; undefined means the referrer's own namespace. */
  readonly namespace?: string;
  readonly source: SourceRef;
}

// ---------------------------------------------------------------- GatewayClass

export interface GatewayClass extends ResourceBase {
  readonly kind: 'GatewayClass';
  readonly controllerName: string;
}

// ---------------------------------------------------------------- Gateway

export type RouteNamespacesFrom = 'All' | 'Same' | 'Selector' | 'None';

export interface AllowedRoutes {
  readonly from: RouteNamespacesFrom;
  readonly selector?: LabelSelector;
  /** Empty: the kinds the protocol implies (HTTPRoute for HTTP and HTTPS). */
  readonly kinds: readonly { readonly group: string; readonly kind: string }[];
  readonly source: SourceRef;
}

export interface ListenerTls {
  readonly mode: 'Terminate' | 'Passthrough';
  /** Group '' and kind Secret unless written otherwise. */
  readonly certificateRefs: readonly ObjectRef[];
  readonly source: SourceRef;
}

export interface GatewayListener {
  readonly name: string;
  /** Lower-cased; undefined matches every host. */
  readonly hostname?: string;
  readonly port: number;
  /** As written: HTTP, HTTPS, TLS, TCP, UDP or an implementation-specific protocol. */
  readonly protocol: string;
  readonly tls?: ListenerTls;
  readonly allowedRoutes: AllowedRoutes;
  readonly source: SourceRef;
}

export interface GatewayAddress {
  /** IPAddress (the default), Hostname, or an implementation-specific type. */
  readonly type: string;
  readonly value: string;
  readonly source: SourceRef;
}

export interface Gateway extends ResourceBase {
  readonly kind: 'Gateway';
  readonly gatewayClassName: string;
  readonly listeners: readonly GatewayListener[];
  readonly addresses: readonly GatewayAddress[];
  /** status.addresses[].value, as a cluster dump shows them. */
  readonly statusAddresses: readonly string[];
  /** Which ListenerSets may attach: none unless said ([GW] gateway_types.go AllowedListeners). */
  readonly allowedListeners: {
    readonly from: RouteNamespacesFrom;
    readonly selector?: LabelSelector;
    readonly source: SourceRef;
  };
}

/** ListenerSet (v1) or XListenerSet (gateway.networking.x-k8s.io/v1alpha1): more listeners for a Gateway. */
export interface ListenerSet extends ResourceBase {
  readonly kind: 'ListenerSet';
  /** The kind as written: ListenerSet or XListenerSet (what parentRefs must name). */
  readonly declaredKind: 'ListenerSet' | 'XListenerSet';
  readonly group: string;
  readonly parentRef: ObjectRef;
  readonly listeners: readonly GatewayListener[];
}

// ---------------------------------------------------------------- HTTPRoute

export interface ParentRef extends ObjectRef {
  readonly sectionName?: string;
  readonly port?: number;
}

export type HTTPPathMatchType = 'Exact' | 'PathPrefix' | 'RegularExpression';

export interface HTTPPathMatch {
  readonly type: HTTPPathMatchType;
  readonly value: string;
}

export interface HTTPHeaderMatch {
  readonly type: 'Exact' | 'RegularExpression';
  readonly name: string;
  readonly value: string;
  readonly source: SourceRef;
}

export interface HTTPRouteMatch {
  readonly path: HTTPPathMatch;
  /** First entry per (case-insensitive) name only: later duplicates are ignored, as the spec says. */
  readonly headers: readonly HTTPHeaderMatch[];
  /** First entry per name only. */
  readonly queryParams: readonly HTTPHeaderMatch[];
  readonly method?: string;
  readonly source: SourceRef;
}

export interface HTTPHeaderFilter {
  readonly set: readonly { readonly name: string; readonly value: string }[];
  readonly add: readonly { readonly name: string; readonly value: string }[];
  readonly remove: readonly string[];
}

export type HTTPPathModifier =
  | { readonly type: 'ReplaceFullPath'; readonly value: string }
  | { readonly type: 'ReplacePrefixMatch'; readonly value: string };

export interface HTTPCorsFilter {
  readonly allowOrigins: readonly string[];
  readonly allowCredentials: boolean;
  readonly allowMethods: readonly string[];
  readonly allowHeaders: readonly string[];
  readonly exposeHeaders: readonly string[];
  /** Seconds; the CRD default is 5. */
  readonly maxAge: number;
}

export type HTTPRouteFilter = { readonly source: SourceRef } & (
  | { readonly type: 'RequestHeaderModifier'; readonly headers: HTTPHeaderFilter }
  | { readonly type: 'ResponseHeaderModifier'; readonly headers: HTTPHeaderFilter }
  | {
      readonly type: 'RequestRedirect';
      readonly scheme?: string;
      readonly hostname?: string;
      readonly path?: HTTPPathModifier;
      readonly port?: number;
      /** Default 302. */
      readonly statusCode: number;
    }
  | {
      readonly type: 'URLRewrite';
      readonly hostname?: string;
      readonly path?: HTTPPathModifier;
    }
  | {
      readonly type: 'RequestMirror';
      readonly backendRef: ObjectRef & { readonly port?: number };
      /** 0–100; 100 when neither percent nor fraction is given. */
      readonly percent: number;
    }
  | { readonly type: 'CORS'; readonly cors: HTTPCorsFilter }
  | { readonly type: 'ExtensionRef'; readonly ref: ObjectRef }
  /** ExternalAuth (experimental) or anything else the engine does not model. */
  | { readonly type: 'Other'; readonly declaredType: string }
);

export interface HTTPBackendRef extends ObjectRef {
  readonly port?: number;
  /** 0–1,000,000; default 1. */
  readonly weight: number;
  readonly filters: readonly HTTPRouteFilter[];
}

export interface HTTPRouteRetry {
  readonly codes: readonly number[];
  readonly attempts?: number;
  readonly backoff?: GatewayDuration;
  readonly source: SourceRef;
}

export interface HTTPRouteRule {
  readonly name?: string;
  /** Never empty: a rule without matches gets the CRD default, PathPrefix "/". */
  readonly matches: readonly HTTPRouteMatch[];
  readonly filters: readonly HTTPRouteFilter[];
  readonly backendRefs: readonly HTTPBackendRef[];
  readonly timeouts: {
    readonly request?: GatewayDuration;
    readonly backendRequest?: GatewayDuration;
  };
  readonly retry?: HTTPRouteRetry;
  readonly source: SourceRef;
}

export interface HostnameEntry {
  /** Lower-cased. */
  readonly value: string;
  readonly source: SourceRef;
}

export interface HTTPRoute extends ResourceBase {
  readonly kind: 'HTTPRoute';
  readonly parentRefs: readonly ParentRef[];
  readonly hostnames: readonly HostnameEntry[];
  /** Where spec.hostnames is (located once: routes with several hosts point at it). */
  readonly hostnamesSource: SourceRef;
  /** Never empty: a route without rules gets the CRD default (one rule matching "/"). */
  readonly rules: readonly HTTPRouteRule[];
}

// ---------------------------------------------------------------- ReferenceGrant

export interface ReferenceGrant extends ResourceBase {
  readonly kind: 'ReferenceGrant';
  readonly from: readonly {
    readonly group: string;
    readonly kind: string;
    readonly namespace: string;
    readonly source: SourceRef;
  }[];
  readonly to: readonly {
    readonly group: string;
    readonly kind: string;
    readonly name?: string;
    readonly source: SourceRef;
  }[];
}

// ---------------------------------------------------------------- core/v1 Namespace

/** A Namespace: its labels decide `allowedRoutes.namespaces.from: Selector`. */
export interface Namespace extends ResourceBase {
  readonly kind: 'Namespace';
}

export const GATEWAY_GROUP = 'gateway.networking.k8s.io';
export const GATEWAY_X_GROUP = 'gateway.networking.x-k8s.io';
