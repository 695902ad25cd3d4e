/**
 * trace(cluster, request): one request through every stage, dns → pod, with the
 * decision each component makes and the YAML that caused it. Pure and deterministic:
 * the same cluster, request and seed give the same trace.
 */
import type { Cluster } from '../model/cluster.js';
import type { Diagnostic } from '../model/diagnostics.js';
import type { RequestSpec } from '../model/request.js';
import type { Trace } from '../model/trace.js';
import { familyBehaviour } from '../flavors/index.js';
import { timingsFor, type NetworkTimings } from '../sim/network.js';
import { BehaviourIndex } from '../sim/pods.js';
import { fnv1a } from '../util/hash.js';
import { seededRandom } from '../util/random.js';
import { TraceBuilder, type Ending } from './builder.js';
import { l4lbStage, withLoadBalancerHeaders, type Connection } from './l4lb.js';
import type { Matched } from './match.js';
import type { FamilyBehaviour } from '../model/family.js';
import type { WireRequest } from '../model/request.js';
import type { Random } from '../util/random.js';
import { controllerStage } from './controller.js';
import { dnsStage } from './dns.js';
import { endpointsStage } from './endpoints.js';
import { matchStage } from './match.js';
import { parseRequest } from './request.js';
import { tlsStage } from './tls.js';
import { upstreamStage } from './upstream.js';
import { notYetProgrammed, programmedNote } from '../lifecycle/stale.js';

export interface TraceOptions {
  /** Seed for every random choice (replica, pod, canary draw). Default 1. */
  readonly seed?: number;
  /** Current time (ISO 8601) for certificate validity; omitted → validity is not checked. */
  readonly now?: string;
  readonly timings?: NetworkTimings;
  /**
   * A change the proxies have not taken yet: the request is sent `atMs` after it, and the
   * new configuration serves only from `programmedAtMs` (see `lifecycle`). Before then the
   * controllers answer as in `previous`, the cluster before the change, and the trace says so.
   */
  readonly programming?: {
    readonly atMs: number;
    readonly programmedAtMs: number;
    readonly previous: Cluster;
  };
}

/** How far the static part of a request gets: to a matched route, or to an answer before it. */
export type RouteReached =
  | {
      readonly kind: 'ended';
      readonly t: TraceBuilder;
      readonly ending: Ending;
      readonly controller?: Connection['controller'];
    }
  | {
      readonly kind: 'route';
      readonly t: TraceBuilder;
      readonly req: WireRequest;
      readonly conn: Connection;
      readonly family: FamilyBehaviour;
      readonly matched: Matched;
    };

/**
 * Stages dns → match for one request: everything that does not depend on time or on
 * the pods. `trace` continues from here; `simulate` computes it once per kind of request.
 */
export function reachRoute(
  cluster: Cluster,
  spec: RequestSpec,
  options: TraceOptions,
  rng: Random,
  timings: NetworkTimings,
): RouteReached {
  const parsed = parseRequest(spec);
  if (!parsed.ok) {
    const t = new TraceBuilder({
      method: spec.method ?? 'GET',
      url: spec.url,
      host: '',
      path: '',
      clientIp: spec.clientIp ?? '',
    });
    return {
      kind: 'ended',
      t,
      ending: {
        status: null,
        error: parsed.error,
        summary: `invalid request: ${parsed.error}`,
        explanation: `The request could not be sent: ${parsed.error}.`,
      },
    };
  }
  const req = parsed.request;
  const t = new TraceBuilder({
    method: req.method,
    url: spec.url,
    host: req.hostHeader,
    path: req.query ? `${req.path}?${req.query}` : req.path,
    clientIp: req.clientIp,
  });
  const address = dnsStage(t, cluster, req, spec.resolve ?? [], timings);
  if (address === undefined)
    return {
      kind: 'ended',
      t,
      ending: {
        status: null,
        error: `Could not resolve host: ${req.urlHost}`,
        summary: `DNS: ${req.urlHost} does not resolve`,
        explanation: 'The name has no DNS record, so the request never leaves the client.',
      },
    };
  const conn = l4lbStage(t, cluster, address, req, rng, timings);
  if (!conn)
    return {
      kind: 'ended',
      t,
      ending: {
        status: null,
        error: `Failed to connect to ${address} port ${req.port}`,
        summary: `no connection to ${address}:${req.port}`,
        explanation: 'Nothing accepted the TCP connection.',
      },
    };
  const family = familyBehaviour(conn.controller.family);
  controllerStage(t, conn.controller, family, req, timings);
  const tls = tlsStage(t, cluster, conn, family, req, options.now, timings);
  if (tls.ending) return { kind: 'ended', t, ending: tls.ending, controller: conn.controller };
  // Only a forwarded request needs its id: computing it lazily keeps redirects and 404s cheap.
  const requestId = (): string => requestIdFor(options.seed ?? 1, spec.url, req.method);
  // What the controller receives: a layer-7 load balancer has added its X-Forwarded-*.
  const received = withLoadBalancerHeaders(req, conn);
  const match = matchStage(t, conn, family, received, tls, requestId, timings);
  if ('ending' in match)
    return { kind: 'ended', t, ending: match.ending, controller: conn.controller };
  return { kind: 'route', t, req: received, conn, family, matched: match.matched };
}

export function trace(cluster: Cluster, spec: RequestSpec, options: TraceOptions = {}): Trace {
  const { programming, ...rest } = options;
  if (programming) {
    const early = programming.atMs < programming.programmedAtMs;
    const t = trace(early ? notYetProgrammed(cluster, programming.previous) : cluster, spec, rest);
    return programmedNote(t, programming, early);
  }
  const rng = seededRandom(options.seed ?? 1);
  const timings = options.timings ?? timingsFor(cluster.scenario);
  const reached = reachRoute(cluster, spec, options, rng, timings);
  const t = reached.t;
  const end = (ending: Ending): Trace => {
    // An answer travels half a round trip back: durationMs is when the client has it.
    if (ending.status !== null) t.advance(timings.clientRttMs / 2);
    return t.finish(ending, diagnosticsAbout(cluster, t));
  };
  if (reached.kind === 'ended') return end(reached.ending);
  const { req, family, matched } = reached;
  const route = matched.route;
  const eps = endpointsStage(t, cluster, family, route, req, matched.uri, rng);
  if ('ending' in eps) return end(eps.ending);
  const behaviours = behaviourIndexFor(cluster);
  const failed = upstreamStage(
    t,
    cluster,
    family,
    matched,
    eps.selected,
    req,
    timings,
    behaviours,
    rng,
  );
  if (failed) return end(failed);
  const fwd = t.forwarded;
  const backend = t.backend;
  return end({
    status: 200,
    summary: `200 from ${backend?.pod ?? 'a pod'} (${backend?.namespace}/${backend?.service})`,
    explanation: `${req.method} ${req.hostHeader}${req.path} reaches pod ${backend?.pod ?? '?'} through ${route.label}; the pod receives ${fwd?.path ?? req.path} with Host ${fwd?.host ?? req.hostHeader}.`,
  });
}

const behaviourIndexes = new WeakMap<Cluster, BehaviourIndex>();

/** One behaviour index per cluster: its caches then serve every trace on it. */
function behaviourIndexFor(cluster: Cluster): BehaviourIndex {
  let index = behaviourIndexes.get(cluster);
  if (!index) {
    index = new BehaviourIndex(cluster.scenario, cluster.pods);
    behaviourIndexes.set(cluster, index);
  }
  return index;
}

/** The cluster's diagnostics about the resources this trace went through. */
function diagnosticsAbout(cluster: Cluster, t: TraceBuilder): Diagnostic[] {
  if (cluster.diagnostics.length === 0) return [];
  const cited = t.citedResources();
  return cluster.diagnostics.filter(
    (d) => d.source && cited.has(`${d.source.kind}/${d.source.namespace}/${d.source.name}`),
  );
}

/** nginx's $request_id: 32 hex digits; here derived from the seed and request so traces repeat. */
function requestIdFor(seed: number, url: string, method: string): string {
  const rng = seededRandom(fnv1a(`${seed}|${method}|${url}`));
  let id = '';
  for (let i = 0; i < 4; i++)
    id += Math.floor(rng.next() * 0x100000000)
      .toString(16)
      .padStart(8, '0');
  return id;
}
