/** The cluster as the engine sees it after reading the resources. */
import type { Diagnostic } from './diagnostics.js';
import type { ConfigMap, Container, Ingress, Resource, Service } from './resources.js';
import type { FamilyId, RouteTable, TlsBinding } from './routeTable.js';
import type { Scenario } from './scenario.js';
import type { SourceRef } from './source.js';

export interface PodInfo {
  readonly name: string;
  readonly namespace: string;
  readonly ip: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly containers: readonly Container[];
  readonly ready: boolean;
  /** The Deployment (or Pod) in the YAML that makes this pod. */
  readonly source: SourceRef;
  readonly assumed?: true;
}

export interface CertificateSummary {
  /** ns/name of the Secret. */
  readonly secret: string;
  /** Hosts it covers: SANs of a real certificate, or the TLS hosts for a placeholder. */
  readonly dnsNames: readonly string[];
  readonly subject?: string;
  readonly notBefore?: string;
  readonly notAfter?: string;
  readonly selfSigned?: boolean;
  /** True when tls.crt is not a parseable certificate and the engine assumes it covers its hosts. */
  readonly placeholder: boolean;
  /** Why the controller cannot use it (missing keys, wrong type), when it cannot. */
  readonly unusable?: string;
  readonly source: SourceRef;
}

/** How the cloud load balancer in front of a controller forwards a port. */
export interface LoadBalancerPort {
  readonly port: number;
  /** What the controller's listener on the other side speaks. */
  readonly protocol: 'http' | 'https';
  /** TLS is terminated at the cloud load balancer (it forwards plain HTTP). */
  readonly tlsAtLoadBalancer: boolean;
  /**
   * The load balancer speaks HTTP on this port (an AWS classic ELB HTTP/HTTPS listener):
   * it adds X-Forwarded-For, X-Forwarded-Proto and X-Forwarded-Port.
   */
  readonly addsForwardedHeaders?: boolean;
  readonly source: SourceRef;
}

export interface IgnoredIngress {
  readonly ingress: Ingress;
  readonly reason: string;
}

/** A routing resource a controller saw and did not serve, and why (shown for its hosts). */
export interface IgnoredResource {
  readonly resource: Resource;
  readonly reason: string;
  /** The host names it names, so a request for one of them can say why it was ignored. */
  readonly hosts: readonly string[];
}

/**
 * One listening socket's routing: a port, what it speaks, and its route table. A
 * Gateway listener may be bound to a hostname; on one port the most specific listener
 * wins, by SNI for TLS and by Host for routing.
 */
export interface Listener {
  readonly name: string;
  readonly port: number;
  readonly protocol: 'http' | 'https';
  /** Lower-case; `*.example.com` covers any number of labels. Undefined: every host. */
  readonly hostname?: string;
  readonly table: RouteTable;
  /** A certificate for the whole listener (Gateway API); else per-host certificates in the table. */
  readonly tls?: TlsBinding;
  readonly source: SourceRef;
}

/** A name DNS points at a controller's address, and the YAML that names it. */
export interface DnsName {
  readonly name: string;
  readonly source: SourceRef;
}

export interface Controller {
  /** namespace/name of the controller's Deployment (or the assumed one). */
  readonly id: string;
  readonly family: FamilyId;
  /** The controller value it claims classes by, e.g. k8s.io/ingress-nginx. */
  readonly controllerClass: string;
  /** The IngressClasses (or GatewayClass, as a name) it claims resources through. */
  readonly classNames: readonly string[];
  /** One sentence: what this controller serves ("3 Ingresses of IngressClass nginx"). */
  readonly summary: string;
  readonly replicas: readonly string[];
  readonly address: string;
  readonly addressSource: SourceRef;
  readonly service?: Service;
  readonly externalTrafficPolicy: 'Cluster' | 'Local';
  readonly ports: readonly LoadBalancerPort[];
  /** The controller's ConfigMap, when one applies. */
  readonly configMap?: ConfigMap;
  /** Command-line flags as given (or assumed). */
  readonly flags: Readonly<Record<string, string>>;
  readonly assumed: boolean;
  readonly source: SourceRef;
  /** The routing resources it serves (Ingresses, HTTPRoutes, IngressRoutes, HTTPProxies). */
  readonly claimed: readonly Resource[];
  readonly ignored: readonly IgnoredResource[];
  readonly listeners: readonly Listener[];
  readonly dnsNames: readonly DnsName[];
  readonly assumptions: readonly string[];
}

export interface DnsRecord {
  readonly name: string;
  readonly address: string;
  readonly controller: string;
  readonly source: SourceRef;
}

export interface ServiceResolution {
  readonly service?: Service;
  /** The Service itself is not in the YAML. */
  readonly assumed: boolean;
  /** The Service is, but the YAML has no workloads at all: its pods are assumed. */
  readonly assumedPods?: true;
  readonly port?: {
    readonly port: number;
    readonly targetPort: number | string;
    readonly name?: string;
  };
  readonly endpoints: readonly EndpointInfo[];
  /** Why there are no usable endpoints, when there are none. */
  readonly problem?: string;
  readonly sources: readonly SourceRef[];
}

export interface EndpointInfo {
  readonly pod: string;
  readonly ip: string;
  readonly port: number;
  readonly ready: boolean;
  /** False when the pod declares container ports and none is this port: nothing listens. */
  readonly listening: boolean;
  readonly assumed?: true;
}

export interface ClusterOptions {
  /** Treat assumptions (a Service the YAML references but does not define) as missing. */
  readonly strict?: boolean;
}

export interface Cluster {
  readonly resources: readonly Resource[];
  readonly controllers: readonly Controller[];
  readonly pods: readonly PodInfo[];
  readonly certificates: ReadonlyMap<string, CertificateSummary>;
  readonly dns: readonly DnsRecord[];
  readonly diagnostics: readonly Diagnostic[];
  readonly strict: boolean;
  /** The Scenario document, when the YAML has one. */
  readonly scenario?: Scenario;
  /** Resolves a Service port to its endpoints (cached). */
  resolveService(
    namespace: string,
    name: string,
    port: { number?: number; name?: string },
  ): ServiceResolution;
}
