/**
 * Typed Kubernetes resources as the engine reads them. Every resource keeps where it
 * came from (`source`) and can locate any of its fields (`locate`), so that each
 * decision the engine makes can point at the YAML line that caused it.
 */
import type { HTTPProxy, TLSCertificateDelegation } from './contour.js';
import type { Exercise } from './exercise.js';
import type {
  Gateway,
  GatewayClass,
  HTTPRoute,
  ListenerSet,
  Namespace,
  ReferenceGrant,
} from './gateway.js';
import type { RouteTest } from './routeTest.js';
import type { Scenario } from './scenario.js';
import type { SourceRef, YamlPath } from './source.js';
import type { IngressRoute, TraefikMiddleware } from './traefik.js';

export interface ObjectMeta {
  readonly name: string;
  /** '' for cluster-scoped kinds. */
  readonly namespace: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
  /** RFC 3339 as written in the YAML, when given. */
  readonly creationTimestamp?: string;
}

export type Locate = (path: YamlPath) => SourceRef;

export interface ResourceBase {
  readonly apiVersion: string;
  readonly meta: ObjectMeta;
  readonly source: SourceRef;
  readonly locate: Locate;
  /** Order of the document in the input: the order `kubectl apply` creates them in. */
  readonly order: number;
}

// ---------------------------------------------------------------- networking.k8s.io/v1

export type PathType = 'Exact' | 'Prefix' | 'ImplementationSpecific';

export interface ServiceBackendPort {
  readonly number?: number;
  readonly name?: string;
}

export interface IngressBackend {
  readonly service?: { readonly name: string; readonly port: ServiceBackendPort };
  readonly resource?: { readonly apiGroup?: string; readonly kind: string; readonly name: string };
  readonly source: SourceRef;
}

export interface IngressPath {
  /** As written; '' when absent (the API server and controllers treat it as '/'). */
  readonly path: string;
  readonly pathType?: PathType;
  readonly backend: IngressBackend;
  readonly source: SourceRef;
}

export interface IngressRule {
  readonly host?: string;
  readonly paths: readonly IngressPath[];
  readonly source: SourceRef;
}

export interface IngressTLS {
  readonly hosts: readonly string[];
  readonly secretName?: string;
  readonly source: SourceRef;
}

export interface Ingress extends ResourceBase {
  readonly kind: 'Ingress';
  readonly ingressClassName?: string;
  readonly defaultBackend?: IngressBackend;
  readonly rules: readonly IngressRule[];
  readonly tls: readonly IngressTLS[];
  readonly statusAddresses: readonly string[];
}

export interface IngressClass extends ResourceBase {
  readonly kind: 'IngressClass';
  readonly controller: string;
  readonly isDefault: boolean;
}

// ---------------------------------------------------------------- core/v1

export interface ServicePort {
  readonly name?: string;
  readonly port: number;
  /** Number or a named container port; defaults to `port`. */
  readonly targetPort: number | string;
  readonly nodePort?: number;
  readonly protocol: string;
  readonly appProtocol?: string;
  readonly source: SourceRef;
}

export type ServiceType = 'ClusterIP' | 'NodePort' | 'LoadBalancer' | 'ExternalName';

export interface Service extends ResourceBase {
  readonly kind: 'Service';
  readonly type: ServiceType;
  /** undefined = no selector (endpoints come from Endpoints/EndpointSlices). */
  readonly selector?: Readonly<Record<string, string>>;
  readonly ports: readonly ServicePort[];
  readonly clusterIP?: string;
  readonly externalName?: string;
  readonly externalTrafficPolicy: 'Cluster' | 'Local';
  readonly publishNotReadyAddresses: boolean;
  readonly loadBalancerIPs: readonly string[];
}

export interface ContainerPort {
  readonly name?: string;
  readonly containerPort: number;
}

export interface Container {
  readonly name: string;
  readonly image: string;
  readonly args: readonly string[];
  readonly ports: readonly ContainerPort[];
  readonly hasReadinessProbe: boolean;
}

export interface PodTemplate {
  readonly labels: Readonly<Record<string, string>>;
  readonly containers: readonly Container[];
  readonly source: SourceRef;
}

export interface Deployment extends ResourceBase {
  readonly kind: 'Deployment' | 'StatefulSet' | 'DaemonSet';
  readonly replicas: number;
  readonly selector: Readonly<Record<string, string>>;
  readonly template: PodTemplate;
}

export interface Pod extends ResourceBase {
  readonly kind: 'Pod';
  readonly containers: readonly Container[];
  readonly podIP?: string;
  /** From status.conditions[type=Ready]; undefined when the YAML says nothing. */
  readonly ready?: boolean;
}

export interface EndpointAddress {
  readonly ip: string;
  readonly ready: boolean;
  readonly podName?: string;
}

export interface EndpointPort {
  readonly name?: string;
  readonly port: number;
}

export interface Endpoints extends ResourceBase {
  readonly kind: 'Endpoints' | 'EndpointSlice';
  /** The Service these endpoints belong to (Endpoints: same name; EndpointSlice: the service-name label). */
  readonly serviceName: string;
  readonly addresses: readonly EndpointAddress[];
  readonly ports: readonly EndpointPort[];
}

export interface Secret extends ResourceBase {
  readonly kind: 'Secret';
  readonly type: string;
  /** Decoded values of `data` (base64) and `stringData`. */
  readonly data: Readonly<Record<string, string>>;
}

export interface ConfigMap extends ResourceBase {
  readonly kind: 'ConfigMap';
  readonly data: Readonly<Record<string, string>>;
}

/** routelab's own Scenario document (how pods behave, traffic, faults). */
export interface ScenarioResource extends ResourceBase {
  readonly kind: 'Scenario';
  readonly scenario: Scenario;
}

/** routelab's own RouteTest document: requests and what should come of them. */
export interface RouteTestResource extends ResourceBase {
  readonly kind: 'RouteTest';
  readonly test: RouteTest;
}

/** routelab's own Exercise document: a workshop exercise that grades itself. */
export interface ExerciseResource extends ResourceBase {
  readonly kind: 'Exercise';
  readonly exercise: Exercise;
}

/** A kind the engine does not model: listed and left alone. */
export interface UnknownResource extends ResourceBase {
  readonly kind: 'Unknown';
  readonly declaredKind: string;
}

export type Resource =
  | Ingress
  | IngressClass
  | Service
  | Deployment
  | Pod
  | Endpoints
  | Secret
  | ConfigMap
  | ScenarioResource
  | RouteTestResource
  | ExerciseResource
  | HTTPProxy
  | TLSCertificateDelegation
  | GatewayClass
  | Gateway
  | ListenerSet
  | HTTPRoute
  | ReferenceGrant
  | Namespace
  | IngressRoute
  | TraefikMiddleware
  | UnknownResource;

export type ResourceKind = Resource['kind'];

export function resourceKey(r: { meta: ObjectMeta }): string {
  return r.meta.namespace ? `${r.meta.namespace}/${r.meta.name}` : r.meta.name;
}
