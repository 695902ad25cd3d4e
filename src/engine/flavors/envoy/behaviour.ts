/**
 * The parts of a FamilyBehaviour every Envoy-based controller shares: virtual-host
 * choice, path normalization, the headers Envoy adds, its status codes with the
 * response flags its access log shows, and its retry rules. A family (Envoy Gateway,
 * Contour) supplies what differs: its name, how it orders routes and explains it, and
 * how its certificates are chosen.
 *
 * Response flags and local-reply bodies ([ENVOY] access log usage %RESPONSE_FLAGS%;
 * router filter local replies):
 *   UH 503 "no healthy upstream"                      the cluster has no healthy endpoint
 *   UF 503 "upstream connect error or disconnect/reset before headers. reset reason: connection failure"
 *   UC 503 "... reset reason: connection termination" the upstream closed the connection
 *   UT 504 "upstream request timeout"                 the route or per-try timeout expired
 *   URX    the retry limit was reached (with the last failure's flag)
 *   NR 404 no route matched
 *   NC 500 the route's cluster does not exist (a weighted cluster that was never created)
 */
import type { FamilyBehaviour, RouteChoice, MatchInput } from '../../model/family.js';
import type { RoutePolicy, RouteTable, VirtualHost } from '../../model/routeTable.js';
import { formatMs } from '../../util/units.js';
import { envoyForward } from './forward.js';
import { normalizeEnvoyPath } from './paths.js';
import { envoyRetryRules } from './retry.js';
import { selectEnvoyVirtualHost } from './vhost.js';

/** [ENVOY] RouteAction.timeout: "If not specified, the default is 15s." */
export const ENVOY_DEFAULT_ROUTE_TIMEOUT_MS = 15_000;
/** [ENVOY] Cluster.connect_timeout default 5 s (Envoy Gateway keeps Envoy's default). */
export const ENVOY_DEFAULT_CONNECT_TIMEOUT_MS = 5_000;
/** Upstream connection idle timeout: Envoy's 1 h ([CTR] httpproxy.go TimeoutPolicy.IdleConnection). */
export const ENVOY_UPSTREAM_IDLE_TIMEOUT_MS = 3_600_000;
/** Envoy's default circuit breaker max_connections per cluster, which bounds its pool. */
export const ENVOY_MAX_CONNECTIONS = 1024;

export const ENVOY_STATUS = {
  noEndpoints: 503,
  connectFailure: 503,
  timeout: 504,
  /**
   * Plain HTTP on a TLS listener: Envoy's TLS inspector finds no ClientHello and the
   * handshake fails, so the client gets no HTTP answer at all ("Empty reply from server").
   */
  plainHttpToTlsPort: null,
  misdirected: 421,
} as const;

export interface EnvoyFamilyParts {
  /** e.g. "Envoy Gateway", "Contour". */
  readonly product: string;
  selectRoute(vhost: VirtualHost, input: MatchInput): RouteChoice;
  selectCertificate(table: RouteTable, sni: string | undefined): VirtualHost | undefined;
  readonly defaultCertificateName: string;
  /** How long an endpoint change takes to reach Envoy (EDS push). */
  readonly endpointSyncMs: number;
}

export function describeEnvoyPolicy(policy: RoutePolicy): string {
  const t = policy.timeouts;
  const r = policy.retry;
  const route =
    t.requestMs === undefined || t.requestMs === 0
      ? 'no route timeout'
      : `route timeout ${formatMs(t.requestMs)} over all attempts`;
  const perTry =
    r.perTryTimeoutMs !== undefined ? `, per-try timeout ${formatMs(r.perTryTimeoutMs)}` : '';
  const retries =
    r.tries <= 1 || r.on.length === 0
      ? 'no retry policy (Envoy does not retry)'
      : `retry_on ${r.on.join(',')}${(r.statusCodes ?? []).length > 0 ? ` codes ${(r.statusCodes ?? []).join(',')}` : ''}, num_retries ${r.tries - 1}, back-off base ${formatMs(r.backoffBaseMs ?? 25)}`;
  return `Envoy: ${route}${perTry}; ${retries}.`;
}

export function envoyBehaviour(parts: EnvoyFamilyParts): FamilyBehaviour {
  return {
    product: parts.product,
    selectHost: selectEnvoyVirtualHost,
    selectRoute: parts.selectRoute,
    normalizePath: (path) => ({ ok: true, path: normalizeEnvoyPath(path) }),
    // normalize_path "affects the upstream :path header as well" ([ENVOY] http_connection_manager.proto).
    forwardsNormalizedPath: true,
    selectCertificate: parts.selectCertificate,
    defaultCertificateName: parts.defaultCertificateName,
    forward: envoyForward,
    status: ENVOY_STATUS,
    words: {
      route: 'route',
      host: 'virtual host',
      plainHttpToTls:
        'Envoy finds no TLS ClientHello, the handshake fails and it closes the connection without an HTTP answer (curl: "Empty reply from server")',
      noRoute: (status) => `Envoy answers ${status} itself (response flag NR: no route)`,
      policy: describeEnvoyPolicy,
      podError: (status, policy) =>
        policy.retry.tries > 1 && policy.retry.on.length > 0
          ? `Envoy passes the pod's ${status} to the client once its retry policy (retry_on ${policy.retry.on.join(',')}) no longer applies.`
          : `Envoy passes the pod's own ${status} to the client: the route has no retry policy.`,
    },
    retry: envoyRetryRules,
    endpointSyncMs: parts.endpointSyncMs,
    log: {
      noEndpoints: (cluster) =>
        `503 UH "no healthy upstream" (cluster ${cluster} has no healthy endpoint)`,
      refused: (pod, path) =>
        `503 UF "upstream connect error or disconnect/reset before headers. reset reason: connection failure" upstream_host=${pod} path=${path}`,
      timeout: (pod, path) => `504 UT "upstream request timeout" upstream_host=${pod} path=${path}`,
      reset: (pod, path) =>
        `503 UC "upstream connect error or disconnect/reset before headers. reset reason: connection termination" upstream_host=${pod} path=${path}`,
      answer: (status, cause) =>
        cause === 'noRoute'
          ? `${status} NR route_not_found`
          : cause === 'invalidBackend'
            ? `${status} NC cluster_not_found`
            : `${status} - direct_response (misdirected request)`,
    },
  };
}
