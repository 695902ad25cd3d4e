/**
 * Stages 6–11: the first request after the change, as `trace` follows it: DNS, the cloud
 * load balancer, TLS termination, route matching, backend selection and the pod. The
 * trace's stages are regrouped into the lifecycle's and placed on its timeline.
 */
import type { Stage, StageId, Trace } from '../model/trace.js';
import { stageProblems, type LifecycleContext } from './context.js';
import type {
  LifecycleOutcome,
  LifecycleProblem,
  LifecycleStage,
  LifecycleStageId,
} from './types.js';
import { ms } from './words.js';

/**
 * A cloud load balancer for a new Service of type LoadBalancer: EXTERNAL-IP stays
 * `<pending>` until the cloud allocates it, which "may take a minute or two" ([K8S-ING]
 * kubernetes.io/docs/concepts/services-networking/ingress). routelab assumes one minute.
 */
export const LB_PROVISION_MS = 60_000;

interface Group {
  readonly id: LifecycleStageId;
  readonly step: number;
  readonly title: string;
  readonly traceStages: readonly StageId[];
  readonly happens: string;
}

const GROUPS: readonly Group[] = [
  {
    id: 'dns',
    step: 6,
    title: 'DNS resolves the name',
    traceStages: ['dns'],
    happens:
      "The client looks the name up. An Ingress creates no DNS record: someone (or external-dns) points the name at the load balancer's address, the ADDRESS that kubectl get ingress shows; clients keep the answer for its TTL.",
  },
  {
    id: 'loadBalancer',
    step: 7,
    title: 'The cloud load balancer forwards the connection',
    traceStages: ['l4lb'],
    happens:
      "The controller's Service of type LoadBalancer has a cloud L4 load balancer in front of the controller pods. With externalTrafficPolicy: Local it health-checks each node's healthCheckNodePort (/healthz), sends only to nodes with a controller pod and keeps the client's address; with Cluster any node forwards, with SNAT.",
  },
  {
    id: 'tlsTermination',
    step: 8,
    title: 'TLS is terminated',
    traceStages: ['controller', 'tls'],
    happens:
      'The connection reaches a controller replica, which ends TLS: the SNI name chooses the certificate, and a name without its own certificate gets the default one.',
  },
  {
    id: 'routeMatching',
    step: 9,
    title: 'The route is matched',
    traceStages: ['match'],
    happens:
      "The Host header chooses the virtual host (an exact name before a wildcard), then the path chooses the route, in the order the family gives them; then the route's checks run (redirects, limits, allowlists, auth).",
  },
  {
    id: 'backendSelection',
    step: 10,
    title: 'A backend endpoint is chosen',
    traceStages: ['endpoints'],
    happens:
      "Only the Service's ready endpoints (from its EndpointSlices) are used; the balancer picks one. A pod failing its readiness probe is taken out; with none ready the proxy answers 503 itself.",
  },
  {
    id: 'forwarded',
    step: 11,
    title: 'The request reaches the pod',
    traceStages: ['upstream', 'pod'],
    happens:
      'The proxy opens (or reuses) a connection to the pod and forwards the request with its X-Forwarded-* headers; connect and read timeouts and the retry rules apply.',
  },
];

function outcomeOf(
  stages: readonly Stage[],
  problems: readonly LifecycleProblem[],
): LifecycleOutcome {
  if (stages.some((s) => s.outcome === 'fail')) return 'fail';
  if (stages.length === 0 || stages.every((s) => s.outcome === 'skipped')) return 'skipped';
  if (problems.some((p) => p.severity === 'error')) return 'fail';
  return problems.some((p) => p.severity === 'warning') ? 'warning' : 'ok';
}

export function dataPlaneStages(
  ctx: LifecycleContext,
  trace: Trace | null,
  requestAtMs: number,
  lbPending: boolean,
): LifecycleStage[] {
  return GROUPS.map((g): LifecycleStage => {
    const component =
      g.id === 'dns'
        ? "the client's resolver"
        : g.id === 'loadBalancer'
          ? `the cloud load balancer${ctx.focus ? ` ${ctx.focus.address}` : ''}`
          : ctx.focus
            ? `${ctx.propagation?.product ?? 'the proxy'} (${ctx.focus.id})`
            : 'the proxy';
    if (!trace)
      return {
        id: g.id,
        step: g.step,
        title: g.title,
        component,
        outcome: 'skipped',
        summary: 'no request to follow',
        happens: g.happens,
        startMs: requestAtMs,
        endMs: requestAtMs,
        timing: 'none',
        visible: [],
        problems: stageProblems(ctx, g.id),
        sources: [],
      };
    const stages = trace.stages.filter((s) => g.traceStages.includes(s.id));
    const problems = stageProblems(ctx, g.id);
    for (const s of stages)
      if (s.outcome === 'fail')
        problems.unshift({
          severity: 'error',
          what: s.summary,
          symptom: trace.status === null ? (trace.error ?? trace.summary) : `${trace.summary}`,
          ...(s.sources[0] ? { source: s.sources[0] } : {}),
        });
    const reached = stages.filter((s) => s.outcome !== 'skipped');
    const startMs = requestAtMs + (reached[0]?.startMs ?? stages[0]?.startMs ?? 0);
    const endMs = requestAtMs + (reached[reached.length - 1]?.endMs ?? stages[0]?.endMs ?? 0);
    const visible = stages.flatMap((s) => (s.log ? [s.log] : []));
    if (g.id === 'dns' && reached.some((s) => s.outcome === 'ok')) {
      const host = trace.request.host.replace(/:\d+$/, '');
      const answer = /→ (\S+)$/.exec(reached[0]?.summary ?? '')?.[1];
      if (answer) visible.push(`dig +short ${host}: ${answer}`);
    }
    if (g.id === 'loadBalancer' && lbPending && ctx.focus)
      visible.push(
        `kubectl get svc: EXTERNAL-IP <pending> until the cloud allocates ${ctx.focus.address} (about ${ms(LB_PROVISION_MS)})`,
      );
    if (g.id === 'forwarded' && trace.status !== null)
      visible.push(
        `curl: HTTP/1.1 ${trace.status}${trace.backend ? ` (from pod ${trace.backend.pod})` : ''}`,
      );
    const skippedAll = stages.every((s) => s.outcome === 'skipped');
    const plainHttp =
      g.id === 'tlsTermination' &&
      stages.some((s) => s.id === 'tls' && s.outcome === 'skipped') &&
      reached.length > 0 &&
      trace.request.url.startsWith('http:');
    return {
      id: g.id,
      step: g.step,
      title: g.title,
      component,
      outcome: plainHttp ? 'skipped' : outcomeOf(stages, problems),
      summary: plainHttp
        ? `plain HTTP: no TLS to end (${reached.map((s) => s.summary).join('; ')})`
        : skippedAll
          ? stages[0]?.explanation.startsWith('The request ended')
            ? 'not reached'
            : (stages[0]?.summary ?? 'not reached')
          : reached.map((s) => s.summary).join('; '),
      happens: `${g.happens}${reached.length > 0 ? ` For ${trace.request.method} ${trace.request.url}: ${reached.map((s) => s.explanation).join(' ')}` : ''}`,
      startMs,
      endMs,
      timing:
        g.id === 'loadBalancer' && lbPending
          ? `the first request waits for the cloud load balancer: ${ms(LB_PROVISION_MS)} (assumed); then the trace's own times`
          : 'the trace of the first request after the change',
      visible,
      problems,
      sources: stages.flatMap((s) => [...s.sources]),
    };
  });
}
