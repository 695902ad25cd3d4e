/** The cluster as the engine sees it after reading the resources. */
import type { Diagnostic } from './diagnostics.js';
import type {
  ConfigMap,
  Container,
  Ingress,
  IngressClass,
  Resource,
  Service,
} from './resources.js';
import type { FamilyId, RouteTable } from './routeTable.js';
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
  readonly source: SourceRef;
}

export interface IgnoredIngress {
  readonly ingress: Ingress;
  readonly reason: string;
}

export interface Controller {
  /** namespace/name of the controller's Deployment (or the assumed one). */
  readonly id: string;
  readonly family: FamilyId;
  /** The controller value it claims IngressClasses by, e.g. k8s.io/ingress-nginx. */
  readonly controllerClass: string;
  readonly classes: readonly IngressClass[];
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
  readonly claimed: readonly Ingress[];
  readonly ignored: readonly IgnoredIngress[];
  readonly table: RouteTable;
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
