/**
 * The cloud L4 load balancer in front of a controller: its address, its ports, and
 * whether it keeps the client's address (externalTrafficPolicy) or terminates TLS.
 */
import type { LoadBalancerPort } from '../model/cluster.js';
import type { Resource, Service } from '../model/resources.js';
import { assumedSource, type SourceRef } from '../model/source.js';
import { selectorMatches } from './workloads.js';

/** Documentation range (RFC 5737); the first controller gets .10, the next .11, ... */
export const DEFAULT_LB_BASE = '203.0.113.';
export const DEFAULT_LB_FIRST = 10;

const AWS_SSL_CERT = 'service.beta.kubernetes.io/aws-load-balancer-ssl-cert';
const AWS_SSL_PORTS = 'service.beta.kubernetes.io/aws-load-balancer-ssl-ports';
const AWS_BACKEND_PROTOCOL = 'service.beta.kubernetes.io/aws-load-balancer-backend-protocol';
const AWS_LB_TYPE = 'service.beta.kubernetes.io/aws-load-balancer-type';
const OCI_SSL_PORTS = 'service.beta.kubernetes.io/oci-load-balancer-ssl-ports';

interface CloudListener {
  /** The load balancer ends TLS on this port. */
  readonly tls: boolean;
  /** It parses HTTP and adds X-Forwarded-* (a layer-7 listener). */
  readonly http: boolean;
}

/**
 * The listener the AWS in-tree cloud provider makes for a Service port
 * (k8s.io/legacy-cloud-providers/aws aws_loadbalancer.go buildListener): with
 * aws-load-balancer-ssl-cert on a port of aws-load-balancer-ssl-ports (default "*", every
 * port), an HTTPS listener when backend-protocol is http or https, a raw SSL one
 * otherwise; without a certificate, an HTTP listener only for backend-protocol http.
 * A network load balancer (aws-load-balancer-type nlb or external) never parses HTTP.
 */
function cloudListener(
  annotations: Readonly<Record<string, string>>,
  port: { port: number; name?: string },
): CloudListener {
  const nlb = ['nlb', 'external'].includes(annotations[AWS_LB_TYPE]?.toLowerCase() ?? '');
  const backend = annotations[AWS_BACKEND_PROTOCOL]?.toLowerCase();
  if (annotations[AWS_SSL_CERT] !== undefined) {
    const ports = (annotations[AWS_SSL_PORTS] ?? '*').split(',').map((p) => p.trim());
    const tls =
      ports.includes('*') ||
      ports.includes(String(port.port)) ||
      (port.name !== undefined && ports.includes(port.name));
    const http = !nlb && (tls ? backend === 'http' || backend === 'https' : backend === 'http');
    return { tls, http };
  }
  if (annotations[OCI_SSL_PORTS] !== undefined) return { tls: port.port === 443, http: false };
  return { tls: false, http: !nlb && backend === 'http' };
}

export function findControllerService(
  resources: readonly Resource[],
  namespace: string,
  podLabels: Readonly<Record<string, string>>,
  publishService: string | undefined,
): Service | undefined {
  const services = resources.filter((r): r is Service => r.kind === 'Service');
  if (publishService) {
    const [ns, name] = publishService.split('/');
    const s = services.find((x) => x.meta.namespace === ns && x.meta.name === name);
    if (s) return s;
  }
  const candidates = services.filter(
    (s) => s.meta.namespace === namespace && s.selector && selectorMatches(s.selector, podLabels),
  );
  return (
    candidates.find((s) => s.type === 'LoadBalancer') ??
    candidates.find((s) => s.type === 'NodePort')
  );
}

export interface LoadBalancerInfo {
  readonly address: string;
  readonly addressSource: SourceRef;
  readonly ports: readonly LoadBalancerPort[];
  readonly externalTrafficPolicy: 'Cluster' | 'Local';
  readonly assumptions: readonly string[];
}

/** The n-th address the lab hands out to a load balancer the YAML gives none for. */
export function allocatedAddress(n: number): string {
  return `${DEFAULT_LB_BASE}${DEFAULT_LB_FIRST + n}`;
}

export function describeLoadBalancer(
  service: Service | undefined,
  fallbackAddress: string,
  controllerId: string,
): LoadBalancerInfo {
  if (!service) {
    const src = assumedSource(
      'Service',
      controllerId.split('/')[0] ?? '',
      controllerId.split('/')[1] ?? '',
    );
    return {
      address: fallbackAddress,
      addressSource: src,
      ports: [
        { port: 80, protocol: 'http', tlsAtLoadBalancer: false, source: src },
        { port: 443, protocol: 'https', tlsAtLoadBalancer: false, source: src },
      ],
      externalTrafficPolicy: 'Local',
      assumptions: [
        `the controller sits behind a cloud load balancer at ${fallbackAddress} (a Service of type LoadBalancer with externalTrafficPolicy: Local, ports 80 and 443), as a Helm install on a cloud gives`,
      ],
    };
  }
  const ports: LoadBalancerPort[] = service.ports.map((p) => {
    const target = String(p.targetPort);
    const toHttps =
      target === '443' || target === 'https' || (p.port === 443 && target === String(p.port));
    const toHttp = target === '80' || target === 'http';
    const protocol: 'http' | 'https' = toHttps
      ? 'https'
      : toHttp
        ? 'http'
        : p.port === 443
          ? 'https'
          : 'http';
    const listener = cloudListener(service.meta.annotations, {
      port: p.port,
      ...(p.name !== undefined ? { name: p.name } : {}),
    });
    return {
      port: p.port,
      protocol,
      tlsAtLoadBalancer: listener.tls && protocol === 'http',
      ...(listener.http ? { addsForwardedHeaders: true } : {}),
      source: p.source,
    };
  });
  const given = service.loadBalancerIPs[0];
  const assumptions: string[] = [];
  if (!given)
    assumptions.push(
      `the load balancer's address is not in the YAML (status.loadBalancer.ingress), so routelab uses ${fallbackAddress}`,
    );
  if (service.type !== 'LoadBalancer')
    assumptions.push(
      `Service ${service.meta.namespace}/${service.meta.name} is of type ${service.type}, not LoadBalancer; routelab still models a cloud load balancer in front of it`,
    );
  return {
    address: given ?? fallbackAddress,
    addressSource: given ? service.locate(['status', 'loadBalancer', 'ingress']) : service.source,
    ports,
    externalTrafficPolicy: service.externalTrafficPolicy,
    assumptions,
  };
}
