/** Stage 6: from the route's backend to an ordered list of endpoints (canary, balancing). */
import type { Cluster, EndpointInfo, ServiceResolution } from '../model/cluster.js';
import type { FamilyBehaviour } from '../model/family.js';
import type { WireRequest } from '../model/request.js';
import { header } from '../model/request.js';
import type {
  AlternativeBackend,
  BackendRef,
  Route,
  WeightedBackend,
} from '../model/routeTable.js';
import type { SourceRef } from '../model/source.js';
import { fnv1a } from '../util/hash.js';
import type { Random } from '../util/random.js';
import { compileRegex } from '../util/regex.js';
import type { Ending, TraceBuilder } from './builder.js';

export interface Selected {
  readonly backend: BackendRef;
  /** The weighted backend the draw picked, with its own filters (absent for a canary or fallback). */
  readonly weighted?: WeightedBackend;
  readonly resolution: ServiceResolution;
  /** Ready endpoints in the order the balancer would try them. */
  readonly order: readonly EndpointInfo[];
}

export type EndpointsOutcome = { readonly selected: Selected } | { readonly ending: Ending };

function cookie(req: WireRequest, name: string): string | undefined {
  const raw = header(req, 'Cookie');
  if (!raw) return undefined;
  for (const part of raw.split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return v.join('=');
  }
  return undefined;
}

/** [INX] balancer.lua route_to_alternative_balancer: header, then cookie, then weight. */
function useCanary(
  alt: AlternativeBackend,
  req: WireRequest,
  rng: Random,
): { use: boolean; why: string } {
  if (alt.byHeader) {
    const v = header(req, alt.byHeader.name);
    if (v !== undefined) {
      if (alt.byHeader.value) {
        if (v === alt.byHeader.value)
          return {
            use: true,
            why: `header ${alt.byHeader.name}: ${v} equals canary-by-header-value`,
          };
      } else if (alt.byHeader.pattern) {
        const re = compileRegex(alt.byHeader.pattern);
        if (re.ok && re.regex.exec(v))
          return {
            use: true,
            why: `header ${alt.byHeader.name}: ${v} matches canary-by-header-pattern`,
          };
      } else if (v === 'always') return { use: true, why: `header ${alt.byHeader.name}: always` };
      else if (v === 'never') return { use: false, why: `header ${alt.byHeader.name}: never` };
    }
  }
  if (alt.byCookie) {
    const v = cookie(req, alt.byCookie);
    if (v === 'always') return { use: true, why: `cookie ${alt.byCookie}=always` };
    if (v === 'never') return { use: false, why: `cookie ${alt.byCookie}=never` };
  }
  // weightTotal is honoured only above 100; math.random(total) <= weight.
  const total = alt.weightTotal > 100 ? alt.weightTotal : 100;
  const draw = rng.int1(total);
  return draw <= alt.weight
    ? { use: true, why: `canary-weight ${alt.weight}/${total}: this request drew ${draw}` }
    : {
        use: false,
        why: `canary-weight ${alt.weight}/${total}: this request drew ${draw}, so it stays on the main backend`,
      };
}

function orderEndpoints(
  route: Route,
  ready: readonly EndpointInfo[],
  req: WireRequest,
  uri: string,
  rng: Random,
): { order: EndpointInfo[]; how: string } {
  const n = ready.length;
  const rotate = (start: number): EndpointInfo[] =>
    ready.map((_, i) => ready[(start + i) % n] as EndpointInfo);
  const b = route.policy.balancing;
  if (b.algorithm === 'hash' && b.hashBy) {
    const key = b.hashBy
      .replace(/\$request_uri/g, req.query ? `${req.path}?${req.query}` : req.path)
      .replace(/\$uri/g, uri)
      .replace(/\$remote_addr/g, req.clientIp)
      // nginx's $http_<name> and $arg_<name> (Contour's RequestHash on a header or a query parameter).
      .replace(/\$http_([a-z0-9_]+)/g, (_, n: string) => header(req, n.replace(/_/g, '-')) ?? '')
      .replace(/\$arg_([A-Za-z0-9_]+)/g, (_, n: string) => queryArg(req.query, n) ?? '');
    return { order: rotate(fnv1a(key) % n), how: `consistent hashing on ${b.hashBy} ("${key}")` };
  }
  if (b.algorithm === 'cookie' && b.cookieName) {
    const v = cookie(req, b.cookieName);
    if (v)
      return {
        order: rotate(fnv1a(v) % n),
        how: `session affinity: cookie ${b.cookieName} pins this client`,
      };
    return {
      order: rotate(rng.below(n)),
      how: `session affinity: no ${b.cookieName} cookie yet, so a pod is picked and the cookie set`,
    };
  }
  if (b.algorithm === 'ewma')
    return {
      order: rotate(rng.below(n)),
      how: 'EWMA (peak latency) balancing; with no load history every pod ties',
    };
  return { order: rotate(rng.below(n)), how: 'round robin' };
}

/**
 * Which backend of a forwarding route gets this request: the canary first when its rules
 * pick it and it has ready endpoints, else a weighted draw over the route's backends.
 */
export function chooseBackend(
  cluster: Cluster,
  action: Extract<Route['action'], { kind: 'forward' }>,
  req: WireRequest,
  rng: Random,
): { backend: WeightedBackend | AlternativeBackend; why: string } | undefined {
  let why = '';
  const alt = action.alternatives[0];
  if (alt) {
    const decision = useCanary(alt, req, rng);
    const canaryRes = cluster.resolveService(alt.namespace, alt.service, alt.port);
    if (decision.use && canaryRes.endpoints.some((e) => e.ready))
      return {
        backend: alt,
        why: `Canary: ${decision.why}, so the request goes to the canary Service ${alt.service}. `,
      };
    why = decision.use
      ? `Canary chosen (${decision.why}) but it has no ready endpoints, so the main Service answers. `
      : `Canary: ${decision.why}. `;
  }
  const total = action.backends.reduce((sum, x) => sum + x.weight, 0);
  let draw = total > 0 ? rng.below(total) : 0;
  const backend = action.backends.find((x) => (draw -= x.weight) < 0) ?? action.backends[0];
  if (backend && action.backends.length > 1 && total > 0)
    why += `Weighted draw: ${backend.service} has weight ${backend.weight} of ${total}. `;
  return backend ? { backend, why } : undefined;
}

export function endpointsStage(
  t: TraceBuilder,
  cluster: Cluster,
  family: FamilyBehaviour,
  route: Route,
  req: WireRequest,
  uri: string,
  rng: Random,
): EndpointsOutcome {
  if (route.action.kind !== 'forward') throw new Error('endpoints stage needs a forwarding route');
  const action = route.action;
  const choice = chooseBackend(cluster, action, req, rng);
  let backend: BackendRef | undefined = choice?.backend;
  let why = choice?.why ?? '';
  if (!backend) {
    const explanation = 'The route has no backend.';
    t.stage('endpoints', 'fail', 'no backend', explanation);
    return { ending: { status: 500, summary: '500: route has no backend', explanation } };
  }
  const portText = backend.port.number ?? backend.port.name ?? '';
  const chosen = choice?.backend;
  const weighted = chosen && !('weightTotal' in chosen) ? chosen : undefined;
  if (weighted?.invalid) {
    const { status, reason } = weighted.invalid;
    const explanation = `${why}The backend reference ${weighted.namespace}/${weighted.service} cannot be used: ${reason}. Requests that pick it get ${status} from ${family.product}.`;
    t.stage('endpoints', 'fail', `${weighted.service}: invalid backend → ${status}`, explanation, {
      sources: [weighted.source],
      ...(family.log.answer ? { log: family.log.answer(status, 'invalidBackend') } : {}),
    });
    return {
      ending: { status, summary: `${status}: invalid backend ${weighted.service}`, explanation },
    };
  }
  let resolution = cluster.resolveService(backend.namespace, backend.service, backend.port);
  const sources: SourceRef[] = [backend.source, ...resolution.sources];
  const assumptions = resolution.assumed
    ? [
        `Service ${backend.namespace}/${backend.service} is not in the YAML; routelab assumes it exists with one ready pod (use --strict to treat it as missing)`,
      ]
    : [];
  if (resolution.problem && action.fallback) {
    const fb = cluster.resolveService(
      action.fallback.namespace,
      action.fallback.service,
      action.fallback.port,
    );
    if (!fb.problem) {
      why += `${backend.service} has no ready endpoints (${resolution.problem}), so the default-backend annotation's Service ${action.fallback.service} answers (with X-Code: 503). `;
      backend = action.fallback;
      resolution = fb;
      sources.push(action.fallback.source);
    }
  }
  if (resolution.problem) {
    const explanation = `${why}Service ${backend.namespace}/${backend.service} port ${portText}: ${resolution.problem}. With no endpoint to send to, ${family.product} answers ${family.status.noEndpoints}.`;
    t.stage('endpoints', 'fail', `${backend.service}:${portText} → no endpoints`, explanation, {
      sources,
      log: family.log.noEndpoints(`${backend.namespace}-${backend.service}-${portText}`),
      assumptions,
    });
    return {
      ending: {
        status: family.status.noEndpoints,
        summary: `${family.status.noEndpoints}: no endpoints for ${backend.service}`,
        explanation,
      },
    };
  }
  const ready = resolution.endpoints.filter((e) => e.ready);
  const { order, how } = orderEndpoints(route, ready, req, uri, rng);
  const notReady = resolution.endpoints.length - ready.length;
  const explanation = `${why}Service ${backend.namespace}/${backend.service} port ${portText} has ${ready.length} ready endpoint${ready.length === 1 ? '' : 's'}${notReady > 0 ? ` (${notReady} not ready, left out)` : ''}; ${how} picks ${order[0]?.pod ?? '?'}. ${family.product} sends to pod IPs directly, not through the Service's ClusterIP.`;
  t.stage(
    'endpoints',
    'ok',
    `${backend.service}:${portText} → ${order[0]?.pod ?? '?'} (${ready.length} ready)`,
    explanation,
    { sources, assumptions },
  );
  return {
    selected: {
      backend,
      ...(weighted && backend === weighted ? { weighted } : {}),
      resolution,
      order,
    },
  };
}

/** The first value of a query parameter, as nginx's $arg_<name> gives it (undecoded). */
function queryArg(query: string, name: string): string | undefined {
  for (const pair of query.split('&')) {
    const eq = pair.indexOf('=');
    if ((eq < 0 ? pair : pair.slice(0, eq)) === name) return eq < 0 ? '' : pair.slice(eq + 1);
  }
  return undefined;
}
