/**
 * Small helpers the conformance and property tests share: YAML → cluster, and a request
 * sent the way the upstream conformance harness sends it (to the load balancer's address,
 * with the Host header and SNI of the name under test).
 */
import {
  buildCluster,
  lint,
  loadManifests,
  trace,
  type Cluster,
  type Diagnostic,
  type LoadResult,
  type Trace,
  type TraceOptions,
} from '../../src/engine/index.js';

/** Where the engine puts the assumed ingress-nginx load balancer (issue 2 §3). */
export const DEFAULT_LB_ADDRESS = '203.0.113.10';

export interface Lab {
  readonly load: LoadResult;
  readonly cluster: Cluster;
  readonly lint: readonly Diagnostic[];
}

export function lab(yaml: string, options: { strict?: boolean } = {}): Lab {
  const load = loadManifests(yaml);
  const cluster = buildCluster(load.resources, options);
  return { load, cluster, lint: lint(cluster, load.diagnostics) };
}

export interface HarnessRequest {
  readonly scheme: 'http' | 'https';
  /** Host header (and SNI for https); absent = the load balancer's address, as the harness sends it. */
  readonly host?: string;
  readonly path: string;
  readonly method?: string;
  readonly headers?: readonly (readonly [string, string])[];
}

/** The load balancer address of the (first) controller. */
export function lbAddress(cluster: Cluster): string {
  const c = cluster.controllers[0];
  if (!c) throw new Error('the cluster has no controller');
  return c.address;
}

/**
 * Sends a request as the Go harness does (ingress-controller-conformance test/http/http.go
 * CaptureRoundTrip): it dials the Ingress address, sets req.Host to the name under test and,
 * for https, tls ServerName to the same name with InsecureSkipVerify. Here that is curl's
 * `--resolve NAME:PORT:ADDRESS` plus `-k`.
 */
export function send(cluster: Cluster, req: HarnessRequest, options: TraceOptions = {}): Trace {
  const address = lbAddress(cluster);
  const port = req.scheme === 'https' ? 443 : 80;
  const host = req.host ?? address;
  const path = req.path.startsWith('/') ? req.path : `/${req.path}`;
  return trace(
    cluster,
    {
      url: `${req.scheme}://${host}${path}`,
      method: req.method ?? 'GET',
      headers: [...(req.headers ?? [])],
      ...(req.host ? { resolve: [{ host: req.host, port, address }] } : {}),
      insecure: true,
    },
    options,
  );
}

/**
 * What the harness does with a 301/302/303/307/308: it reads Location and sends the same
 * method again to the same Ingress address, with the Location's scheme, host name and path
 * (the query is dropped: it passes redirectURL.Path only).
 */
export function followRedirect(
  cluster: Cluster,
  first: Trace,
  original: HarnessRequest,
  options: TraceOptions = {},
): Trace {
  if (!first.redirect)
    throw new Error(`expected a redirect, got ${first.status} (${first.summary})`);
  const url = new URL(first.redirect);
  const scheme = url.protocol === 'https:' ? 'https' : 'http';
  return send(
    cluster,
    {
      ...original,
      scheme,
      host: url.hostname,
      path: url.pathname || '/',
    },
    options,
  );
}
