/**
 * Envoy's router retries ([ENVOY] router_filter "x-envoy-retry-on", route_components.proto
 * RetryPolicy; source: source/common/router/retry_state_impl.cc wouldRetryFromHeaders /
 * wouldRetryFromReset). No retry policy means no retries; with one, `num_retries`
 * defaults to 1 and the back-off base to 25 ms. What each retry_on condition covers:
 *   5xx             any 5xx, and no answer at all (reset, refused, per-try timeout)
 *   gateway-error   502, 503, 504, and no answer at all
 *   reset           the upstream reset or never answered (refused, reset, per-try timeout)
 *   connect-failure the connection could not be made (refused, connect timeout)
 *   retriable-4xx   409
 *   retriable-status-codes  the statuses listed in retriable_status_codes
 * A per-try timeout counts as a reset ("non-hedged per try timeouts ... are only retried
 * if the applicable retry policy specifies either RETRY_ON_5XX or RETRY_ON_GATEWAY_ERROR",
 * retry_state_impl.cc; a policy with `reset` retries every reset). The route timeout
 * (`timeouts.requestMs`) bounds all attempts and is never retried.
 */
import type { RoutePolicy } from '../../model/routeTable.js';
import type { Failure, RetryRules } from '../../sim/attempts.js';
import type { Random } from '../../util/random.js';

/** [ENVOY] RetryPolicy.num_retries: "default is 1" when a policy exists. */
export const ENVOY_DEFAULT_NUM_RETRIES = 1;
/** [ENVOY] RetryPolicy.RetryBackOff.base_interval: "default ... 25ms"; max_interval 10× base. */
export const ENVOY_BACKOFF_BASE_MS = 25;
export const ENVOY_BACKOFF_MAX_FACTOR = 10;
/** A route without a retry policy: one try, no retry_on condition. */
export const ENVOY_NO_RETRY: RoutePolicy['retry'] = {
  tries: 1,
  on: [],
  budgetMs: 0,
  retryNonIdempotent: true,
};

/** Why a failed attempt is (or is not) one of the policy's retry_on conditions. */
export function retryCondition(
  failure: Failure,
  on: readonly string[],
  statusCodes: readonly number[],
): { retriable: boolean; what: string; by?: string } {
  const has = (c: string): boolean => on.includes(c);
  switch (failure.kind) {
    case 'refused': {
      const by = ['connect-failure', 'reset', '5xx', 'gateway-error'].find(has);
      return by
        ? { retriable: true, what: 'a refused connection', by }
        : { retriable: false, what: 'a refused connection' };
    }
    case 'timeout': {
      if (failure.phase === 'request')
        return { retriable: false, what: 'the route timeout (it bounds every attempt)' };
      if (failure.phase === 'connect') {
        const by = ['connect-failure', 'reset', '5xx', 'gateway-error'].find(has);
        return by
          ? { retriable: true, what: 'a connect timeout', by }
          : { retriable: false, what: 'a connect timeout' };
      }
      const by = ['reset', '5xx', 'gateway-error'].find(has);
      return by
        ? { retriable: true, what: 'a per-try timeout', by }
        : { retriable: false, what: 'a per-try timeout' };
    }
    case 'reset':
    case 'stale': {
      const by = ['reset', '5xx', 'gateway-error'].find(has);
      return by
        ? { retriable: true, what: 'a connection reset', by }
        : { retriable: false, what: 'a connection reset' };
    }
    case 'status': {
      const s = failure.status;
      const what = `status ${s}`;
      if (has('5xx') && s >= 500 && s <= 599) return { retriable: true, what, by: '5xx' };
      if (has('gateway-error') && (s === 502 || s === 503 || s === 504))
        return { retriable: true, what, by: 'gateway-error' };
      if (has('retriable-4xx') && s === 409) return { retriable: true, what, by: 'retriable-4xx' };
      if (has('retriable-status-codes') && statusCodes.includes(s))
        return { retriable: true, what, by: `retriable-status-codes [${statusCodes.join(', ')}]` };
      return { retriable: false, what };
    }
  }
}

function describePolicy(policy: RoutePolicy): string {
  const r = policy.retry;
  const codes =
    r.on.includes('retriable-status-codes') && (r.statusCodes ?? []).length > 0
      ? ` (retriable_status_codes ${(r.statusCodes ?? []).join(', ')})`
      : '';
  return `retry_on "${r.on.join(',')}"${codes}, num_retries ${Math.max(0, r.tries - 1)}`;
}

export const envoyRetryRules: RetryRules = {
  next(failure, { triesSoFar, policy, explain }) {
    const r = policy.retry;
    if (r.tries <= 1 || r.on.length === 0)
      return {
        retry: false,
        why: explain ? 'the route has no retry policy, so Envoy does not retry' : '',
      };
    const cond = retryCondition(failure, r.on, r.statusCodes ?? []);
    if (!cond.retriable)
      return {
        retry: false,
        why: explain ? `${cond.what} is not a retry condition of ${describePolicy(policy)}` : '',
      };
    if (triesSoFar >= r.tries)
      return {
        retry: false,
        why: explain
          ? `${cond.what} would be retried (${cond.by ?? ''}), but num_retries ${r.tries - 1} is used up (Envoy logs flag URX)`
          : '',
      };
    return {
      retry: true,
      why: explain ? `${cond.what} matches retry_on ${cond.by ?? ''}: Envoy tries again` : '',
    };
  },
  statusFor(failure) {
    switch (failure.kind) {
      case 'status':
        return failure.status;
      case 'timeout':
        // "upstream request timeout", flag UT.
        return 504;
      default:
        // UF (connection failure) and UC (connection termination) both answer 503.
        return 503;
    }
  },
  /**
   * "a fully jittered exponential back-off": retry n waits a random time in
   * [0, (2^n - 1) × base], capped at max_interval (10 × base) ([ENVOY] router_filter,
   * x-envoy-max-retries / "Retry back-off").
   */
  backoffMs(retry: number, policy: RoutePolicy, rng: Random): number {
    const base = policy.retry.backoffBaseMs ?? ENVOY_BACKOFF_BASE_MS;
    const ceiling = Math.min(
      (2 ** Math.min(retry, 20) - 1) * base,
      ENVOY_BACKOFF_MAX_FACTOR * base,
    );
    return rng.next() * ceiling;
  },
};
