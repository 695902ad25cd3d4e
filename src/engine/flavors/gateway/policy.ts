/**
 * A rule's timeouts and retry as Envoy Gateway programs them into Envoy
 * (envoyproxy/gateway internal/gatewayapi/route.go processRouteTimeout / processRouteRetry,
 * internal/xds/translator/route.go buildRetryPolicy; semantics.md C6, E3):
 *  - `timeouts.request` is the Envoy route timeout, a deadline over every attempt; "0s"
 *    disables it. Without it Envoy's default route timeout of 15 s applies.
 *  - `timeouts.backendRequest` without a retry stanza becomes the route timeout; with one
 *    it is the per-try timeout ("xref: gep-1742 timeout-values").
 *  - `retry`: num_retries = attempts (Envoy Gateway's default 2), retriable status codes =
 *    codes (default 503), back-off base = backoff (Envoy's default 25 ms), and the
 *    retry_on set "connect-failure,refused-stream,unavailable,cancelled,retriable-status-codes"
 *    (retryDefaultRetryOn). Envoy Gateway also claims the conformance features
 *    HTTPRouteRetryConnectionError and HTTPRouteRetryBackendTimeout (conformance/suite.go:
 *    every feature but static addresses, infrastructure and BackendTLSPolicy), whose tests
 *    require a reset connection and a per-try timeout to be retried ([GW] GEP-1731: "When
 *    configured, connection errors SHOULD also be retried"; backendRequest: "retry attempts
 *    which reach the configured BackendRequest timeout ... the Gateway SHOULD schedule the
 *    next retry attempt"), so `reset` is in the set here.
 *  - No retry stanza: no retry policy, so Envoy does not retry at all.
 */
import type { HTTPRouteRule } from '../../model/gateway.js';
import type { RoutePolicy } from '../../model/routeTable.js';
import { ENVOY_BACKOFF_BASE_MS, ENVOY_NO_RETRY } from '../envoy/retry.js';
import {
  ENVOY_DEFAULT_ROUTE_TIMEOUT_MS,
  ENVOY_MAX_CONNECTIONS,
  ENVOY_UPSTREAM_IDLE_TIMEOUT_MS,
} from '../envoy/behaviour.js';
import { ENVOY_FORWARDING } from '../envoy/forward.js';

/** envoyproxy/gateway internal/xds/translator/route.go: retryDefaultNumRetries = 2. */
export const EG_DEFAULT_NUM_RETRIES = 2;
/** retryDefaultRetriableStatusCode = 503. */
export const EG_DEFAULT_RETRIABLE_CODE = 503;
export const EG_RETRY_ON = [
  'connect-failure',
  'refused-stream',
  'unavailable',
  'cancelled',
  'retriable-status-codes',
  'reset',
] as const;
/** internal/xds/translator/cluster.go tcpClusterPerConnectTimeout = 10 s. */
export const EG_CONNECT_TIMEOUT_MS = 10_000;
/**
 * A disabled timeout ("0s") leaves a hanging backend waiting for ever; the engine stops
 * waiting after an hour (Envoy's connection-manager idle timeout default) and says so.
 */
export const NO_TIMEOUT_CAP_MS = 3_600_000;

// Envoy keeps upstream connections in per-worker pools; clusters idle out after 1 h.
const EG_CONNECTIONS: RoutePolicy['connections'] = {
  upstreamKeepalive: ENVOY_MAX_CONNECTIONS,
  upstreamIdleTimeoutMs: ENVOY_UPSTREAM_IDLE_TIMEOUT_MS,
  clientKeepAliveMs: 3_600_000,
};
// Envoy Gateway's clusters use LEAST_REQUEST (internal/xds/translator/cluster.go); with
// no load in flight every endpoint ties, so a single request goes to any of them.
const EG_BALANCING: RoutePolicy['balancing'] = { algorithm: 'round_robin' };

/** The policy of a rule without timeouts or retry, the most common one: built once. */
let plain: { policy: RoutePolicy; notes: readonly string[] } | undefined;

export function rulePolicy(rule: HTTPRouteRule): {
  policy: RoutePolicy;
  notes: readonly string[];
} {
  if (rule.retry || rule.timeouts.request || rule.timeouts.backendRequest) return policyOf(rule);
  return (plain ??= policyOf(rule));
}

function policyOf(rule: HTTPRouteRule): { policy: RoutePolicy; notes: string[] } {
  const notes: string[] = [];
  const request = rule.timeouts.request;
  const backend = rule.timeouts.backendRequest;
  const retry = rule.retry;
  let routeTimeoutMs: number | undefined = ENVOY_DEFAULT_ROUTE_TIMEOUT_MS;
  if (request) routeTimeoutMs = request.ms === 0 ? undefined : request.ms;
  if (backend && !retry) routeTimeoutMs = backend.ms === 0 ? undefined : backend.ms;
  if (request?.ms === 0 || (backend?.ms === 0 && !retry))
    notes.push('a timeout of "0s" disables the route timeout');
  const perTryTimeoutMs = retry && backend && backend.ms > 0 ? backend.ms : undefined;
  const attempts = retry ? (retry.attempts ?? EG_DEFAULT_NUM_RETRIES) : 0;
  const tryLimit = perTryTimeoutMs ?? routeTimeoutMs ?? NO_TIMEOUT_CAP_MS;
  const policy: RoutePolicy = {
    timeouts: {
      connectMs: EG_CONNECT_TIMEOUT_MS,
      sendMs: tryLimit,
      readMs: tryLimit,
      ...(routeTimeoutMs !== undefined ? { requestMs: routeTimeoutMs } : {}),
    },
    connections: EG_CONNECTIONS,
    retry: retry
      ? {
          tries: 1 + attempts,
          on: [...EG_RETRY_ON],
          budgetMs: 0,
          // Envoy retries whatever the method; it is the policy that decides.
          retryNonIdempotent: true,
          statusCodes: retry.codes.length > 0 ? [...retry.codes] : [EG_DEFAULT_RETRIABLE_CODE],
          backoffBaseMs: retry.backoff?.ms ?? ENVOY_BACKOFF_BASE_MS,
          ...(perTryTimeoutMs !== undefined ? { perTryTimeoutMs } : {}),
        }
      : ENVOY_NO_RETRY,
    balancing: EG_BALANCING,
    forwarding: ENVOY_FORWARDING,
  };
  return { policy, notes };
}
