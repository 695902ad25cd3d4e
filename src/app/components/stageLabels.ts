import type { StageId, StageOutcome } from '../../engine/index.js';

/** What each stage is, in words a learner knows. */
export const STAGE_LABELS: Readonly<Record<StageId, string>> = {
  dns: 'DNS',
  l4lb: 'Load balancer',
  controller: 'Ingress controller',
  tls: 'TLS',
  match: 'Route match',
  endpoints: 'Endpoints',
  upstream: 'Upstream',
  pod: 'Pod',
};

export const OUTCOME_LABELS: Readonly<Record<StageOutcome, string>> = {
  ok: 'ok',
  fail: 'fail',
  skipped: 'skipped',
};
