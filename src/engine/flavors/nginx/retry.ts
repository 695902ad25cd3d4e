/**
 * proxy_next_upstream as nginx applies it ([NGX] ngx_http_upstream.c ngx_http_upstream_next;
 * semantics.md B5): only the listed conditions retry (default "error timeout"); a
 * request that was already sent is not retried for POST, LOCK or PATCH unless
 * non_idempotent is listed; tries and the time budget bound the rest. The last failure
 * decides the status: a timeout is 504, any other error 502, a pod's status passes through.
 */
import type { RoutePolicy } from '../../model/routeTable.js';
import type { Failure, RetryRules } from '../../sim/attempts.js';

const NON_IDEMPOTENT = new Set(['POST', 'LOCK', 'PATCH']);

function condition(f: Failure): string {
  switch (f.kind) {
    case 'refused':
    case 'reset':
    case 'stale':
      return 'error';
    case 'timeout':
      return 'timeout';
    case 'status':
      return `http_${f.status}`;
  }
}

function mayRetry(
  cond: string,
  failure: Failure,
  method: string,
  triesSoFar: number,
  elapsedMs: number,
  policy: RoutePolicy,
): boolean {
  const retry = policy.retry;
  return (
    retry.on.includes(cond) &&
    !(failure.sent && NON_IDEMPOTENT.has(method) && !retry.retryNonIdempotent) &&
    !(retry.tries > 0 && triesSoFar >= retry.tries) &&
    !(retry.budgetMs > 0 && elapsedMs >= retry.budgetMs)
  );
}

export const nginxRetryRules: RetryRules = {
  next(failure, { method, triesSoFar, elapsedMs, policy, explain }) {
    const cond = condition(failure);
    const retry = policy.retry;
    if (!explain)
      return { retry: mayRetry(cond, failure, method, triesSoFar, elapsedMs, policy), why: '' };
    if (!retry.on.includes(cond))
      return {
        retry: false,
        why: `proxy_next_upstream is "${retry.on.join(' ')}", which does not include ${cond}`,
      };
    if (failure.sent && NON_IDEMPOTENT.has(method) && !retry.retryNonIdempotent)
      return {
        retry: false,
        why: `${method} is not idempotent and the request was already sent, so nginx does not pass it to another pod (retry-non-idempotent is off)`,
      };
    if (retry.tries > 0 && triesSoFar >= retry.tries)
      return { retry: false, why: `proxy-next-upstream-tries ${retry.tries} used up` };
    if (retry.budgetMs > 0 && elapsedMs >= retry.budgetMs)
      return { retry: false, why: `proxy-next-upstream-timeout ${retry.budgetMs / 1000}s used up` };
    return {
      retry: true,
      why: `${cond} is in proxy_next_upstream (${retry.on.join(' ')}): the next pod gets a try`,
    };
  },
  statusFor(failure) {
    if (failure.kind === 'status') return failure.status;
    return failure.kind === 'timeout' ? 504 : 502;
  },
};
