/** How kubectl and the controllers write things, for the "what you would see" lines. */
import type { Diagnostic } from '../model/diagnostics.js';
import type { ResourceChange } from './types.js';

/** kubectl's resource type names (`kubectl apply` prints `<type>/<name> created`). */
const KUBECTL_TYPES: Readonly<Record<string, string>> = {
  Ingress: 'ingress.networking.k8s.io',
  IngressClass: 'ingressclass.networking.k8s.io',
  Service: 'service',
  Deployment: 'deployment.apps',
  StatefulSet: 'statefulset.apps',
  DaemonSet: 'daemonset.apps',
  Pod: 'pod',
  Secret: 'secret',
  ConfigMap: 'configmap',
  Endpoints: 'endpoints',
  EndpointSlice: 'endpointslice.discovery.k8s.io',
  Namespace: 'namespace',
  GatewayClass: 'gatewayclass.gateway.networking.k8s.io',
  Gateway: 'gateway.gateway.networking.k8s.io',
  HTTPRoute: 'httproute.gateway.networking.k8s.io',
  ReferenceGrant: 'referencegrant.gateway.networking.k8s.io',
  ListenerSet: 'listenerset.gateway.networking.k8s.io',
  HTTPProxy: 'httpproxy.projectcontour.io',
  TLSCertificateDelegation: 'tlscertificatedelegation.projectcontour.io',
  IngressRoute: 'ingressroute.traefik.io',
  Middleware: 'middleware.traefik.io',
};

export function kubectlType(kind: string): string {
  return KUBECTL_TYPES[kind] ?? kind.toLowerCase();
}

/** The line `kubectl apply` (or `delete`) prints for a change. */
export function kubectlLine(c: ResourceChange): string {
  const type = kubectlType(c.kind);
  return c.action === 'deleted' ? `${type} "${c.name}" deleted` : `${type}/${c.name} ${c.action}`;
}

/** kubectl's error for an object the API server refuses (`The Ingress "x" is invalid: ...`). */
export function kubectlInvalid(kind: string, name: string, d: Diagnostic | undefined): string {
  return `The ${kind} "${name}" is invalid: ${d?.message ?? 'it fails validation'}`;
}

export function ms(n: number): string {
  if (n >= 60_000 && n % 1000 === 0) {
    const m = Math.floor(n / 60_000);
    const s = (n % 60_000) / 1000;
    return s === 0 ? `${m} min` : `${m} min ${s} s`;
  }
  if (n >= 1000) return `${Math.round(n / 10) / 100} s`;
  return `${Math.round(n * 10) / 10} ms`;
}
