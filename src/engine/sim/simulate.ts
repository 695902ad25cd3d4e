/**
 * simulate(cluster): whole traffic runs in simulated time. A discrete-event loop takes,
 * in time order, the next request a client sends, the next fault or change of the
 * world, and the next request to finish; the same seed gives the same result.
 *
 * Per kind of request (traffic entry × client) the static part of the path (DNS, load
 * balancer, TLS, route matching, checks) is worked out once with the same stages as
 * `trace`; per request only what depends on time is simulated: the client's connection,
 * rate limits, which endpoints the proxy believes ready, and the attempts to the pods.
 */
import TinyQueue from 'tinyqueue';
import type { Cluster, Controller } from '../model/cluster.js';
import type { RequestSpec, WireRequest } from '../model/request.js';
import type { Route, RouteCheck } from '../model/routeTable.js';
import type { Scenario, TrafficSpec } from '../model/scenario.js';
import { DEFAULT_NETWORK } from '../model/scenario.js';
import type { SimulationResult } from '../model/simulation.js';
import type { FamilyBehaviour } from '../model/family.js';
import { assumedSource } from '../model/source.js';
import { familyBehaviour } from '../flavors/index.js';
import { chooseBackend } from '../path/endpoints.js';
import type { Ending } from '../path/builder.js';
import { reachRoute } from '../path/trace.js';
import { fnv1a } from '../util/hash.js';
import { cidrContains, parseCidr } from '../util/net.js';
import { seededRandom } from '../util/random.js';
import { runAttempts } from './attempts.js';
import { Metrics, type Finished } from './metrics.js';
import { timingsFor, type NetworkTimings } from './network.js';
import { BehaviourIndex } from './pods.js';
import { ArrivalStream, clientAddress } from './traffic.js';
import { World, type ReplicaState } from './world.js';

export interface SimulateOptions {
  /** Overrides the cluster's Scenario. */
  readonly scenario?: Scenario;
  readonly seed?: number;
  readonly durationMs?: number;
  /** Checked every few thousand events; returning true stops the run early with what it has. */
  readonly shouldStop?: () => boolean;
  /** Fraction of simulated time done, reported every few thousand events. */
  readonly onProgress?: (fraction: number) => void;
  /** Whole requests kept per outcome (default 3). */
  readonly samplesPerOutcome?: number;
}

/** A client that cannot reach the load balancer gives up after this long (SYN retries). */
const CONNECT_FAILURE_MS = 3_000;

type Plan =
  | {
      readonly kind: 'answer';
      readonly ending: Ending;
      readonly controller?: Controller;
      readonly https: boolean;
    }
  | {
      readonly kind: 'route';
      readonly req: WireRequest;
      readonly controller: Controller;
      readonly family: FamilyBehaviour;
      readonly route: Route;
      readonly uri: string;
      readonly https: boolean;
      /** Rate and connection limits that apply to this client (allowlisted ones removed). */
      readonly limits: readonly RouteCheck[];
      /** Balancer offset for hash balancing, fixed per request kind. */
      readonly hashOffset?: number;
    };

interface ClientConnection {
  replica: ReplicaState;
  lastActiveMs: number;
  reloadEpoch: number;
  open: boolean;
}

interface InFlight {
  readonly id: number;
  endMs: number;
  readonly replica: string | null;
  readonly pods: readonly string[];
  record: Finished;
  limitKey?: string;
}

export function defaultScenario(cluster: Cluster): Scenario {
  const source = assumedSource('Scenario', '', 'default');
  const traffic: TrafficSpec[] = [];
  for (const c of cluster.controllers) {
    for (const v of c.table.virtualHosts) {
      const route = v.routes.find((r) => r.action.kind === 'forward');
      if (!v.hostname || v.hostname.startsWith('*') || !route) continue;
      const path = route.match.path.kind === 'regex' ? '/' : route.match.path.value;
      traffic.push({
        url: `${v.tls ? 'https' : 'http'}://${v.hostname}${path}`,
        method: 'GET',
        headers: [],
        bodyBytes: 0,
        ratePerSec: 10,
        clients: 5,
        pattern: 'constant',
        startMs: 0,
        source,
      });
      break;
    }
    if (traffic.length > 0) break;
  }
  return {
    name: 'default',
    seed: 1,
    durationMs: 10_000,
    network: DEFAULT_NETWORK,
    backends: [],
    traffic,
    faults: [],
    source,
  };
}

export function simulate(cluster: Cluster, options: SimulateOptions = {}): SimulationResult {
  const scenario = options.scenario ?? cluster.scenario ?? defaultScenario(cluster);
  const seed = options.seed ?? scenario.seed;
  const durationMs = options.durationMs ?? scenario.durationMs;
  const timings = timingsFor(scenario);
  const behaviours = new BehaviourIndex(scenario);
  const rng = seededRandom(seed);
  const metrics = new Metrics(
    Math.max(1, Math.ceil(durationMs / 1000)),
    options.samplesPerOutcome ?? 3,
  );
  const world = new World(
    cluster,
    scenario,
    familyBehaviour(cluster.controllers[0]?.family ?? 'nginx'),
    behaviours,
    timings.podRttMs,
  );
  const streams = scenario.traffic.map(
    (t, i) => new ArrivalStream(t, i, durationMs, seededRandom(fnv1a(`${seed}:traffic:${i}`))),
  );
  const clientBase: number[] = [];
  let clients = 0;
  for (const t of scenario.traffic) {
    clientBase.push(clients);
    clients += t.clients;
  }
  const connections = new Map<number, ClientConnection>();
  const plans = new Map<string, Plan>();
  const inflight = new TinyQueue<InFlight>([], (a, b) => a.endMs - b.endMs || a.id - b.id);
  const inflightList = new Set<InFlight>();
  const connCounts = new Map<string, number>();
  let nextId = 0;
  let stoppedEarly = false;

  const finish = (f: InFlight): void => {
    inflightList.delete(f);
    const last = f.record.attempts[f.record.attempts.length - 1];
    if (last?.pod && last.outcome === 'response')
      world.observeLatency(last.pod, last.endMs - last.startMs);
    if (f.limitKey) connCounts.set(f.limitKey, (connCounts.get(f.limitKey) ?? 1) - 1);
    metrics.record(f.record);
  };
  world.onReplicaLost = (replica, atMs) => {
    for (const f of [...inflightList]) {
      if (f.replica !== replica) continue;
      f.record = {
        ...f.record,
        status: null,
        reason: 'controller replica lost',
        latencyMs: atMs - f.record.arrivalMs,
      };
      f.endMs = atMs;
      finish(f);
    }
    for (const [, c] of connections) if (c.replica.name === replica) c.open = false;
  };
  world.onPodCrash = (pod, atMs) => {
    for (const f of [...inflightList]) {
      if (!f.pods.includes(pod) || f.record.answeredBy !== pod) continue;
      // The pod died with the request on it: nginx reads a closed connection and answers 502.
      f.record = {
        ...f.record,
        status: 502,
        reason: 'pod crashed mid-request',
        latencyMs: atMs - f.record.arrivalMs,
      };
      f.endMs = atMs;
      finish(f);
    }
  };

  const planFor = (stream: ArrivalStream, client: number): Plan => {
    const key = `${stream.index}|${client}|${world.dnsEpoch}`;
    let plan = plans.get(key);
    if (!plan) {
      plan = makePlan(
        cluster,
        stream.spec,
        clientAddress(clientBase[stream.index]! + client),
        world,
        timings,
        seed,
      );
      plans.set(key, plan);
    }
    return plan;
  };

  let events = 0;
  for (;;) {
    let stream: ArrivalStream | undefined;
    for (const s of streams) if (s.nextTime < (stream?.nextTime ?? Infinity)) stream = s;
    const tArrival = stream?.nextTime ?? Infinity;
    const tWorld = world.nextEventTime();
    const tDone = inflight.peek()?.endMs ?? Infinity;
    const t = Math.min(tArrival, tWorld, tDone);
    if (t === Infinity) break;
    if (++events % 4096 === 0) {
      options.onProgress?.(Math.min(1, t / durationMs));
      if (options.shouldStop?.()) {
        stoppedEarly = true;
        break;
      }
    }
    if (tDone === t) {
      const f = inflight.pop() as InFlight;
      if (inflightList.has(f)) finish(f);
      continue;
    }
    if (tWorld === t) {
      world.runNextEvent();
      continue;
    }
    const s = stream as ArrivalStream;
    const client = s.client;
    s.advance();
    const f = send(s.spec, clientBase[s.index]! + client, t, planFor(s, client));
    if (f) {
      inflight.push(f);
      inflightList.add(f);
    }
  }
  // Whatever is still in flight when the run ends (or stops) ends as it was going to.
  while (inflight.length > 0) {
    const f = inflight.pop() as InFlight;
    if (inflightList.has(f)) finish(f);
  }
  metrics.upstreamHandshakes = world.handshakes;
  return metrics.result({
    scenario: scenario.name,
    seed,
    durationMs,
    stoppedEarly,
    events: world.log,
  });

  function send(spec: TrafficSpec, client: number, t: number, plan: Plan): InFlight | undefined {
    metrics.requests++;
    const id = nextId++;
    const base = {
      id,
      arrivalMs: t,
      client: clientAddress(client),
      method: spec.method,
      url: spec.url,
    };
    const done = (
      endMs: number,
      rest: Omit<Finished, keyof typeof base | 'latencyMs'>,
      replica: string | null,
      pods: string[] = [],
      limitKey?: string,
    ): InFlight => ({
      id,
      endMs,
      replica,
      pods,
      record: { ...base, ...rest, latencyMs: endMs - t },
      ...(limitKey ? { limitKey } : {}),
    });
    const controller = plan.controller;
    if (!controller) {
      const e = plan.kind === 'answer' ? plan.ending : undefined;
      return done(
        t + CONNECT_FAILURE_MS,
        {
          replica: null,
          route: null,
          service: null,
          status: null,
          reason: reasonOf(e),
          attempts: [],
          answeredBy: null,
        },
        null,
      );
    }
    // The client's connection: kept alive, or a new one through the load balancer.
    let conn = connections.get(client);
    let connectMs = 0;
    const keepAlive = Math.min(
      plan.kind === 'route' ? plan.route.policy.connections.clientKeepAliveMs : 75_000,
      scenario.network.loadBalancerIdleTimeoutMs,
    );
    if (
      !conn ||
      !conn.open ||
      conn.reloadEpoch !== world.reloadEpoch ||
      t - conn.lastActiveMs >= keepAlive ||
      conn.replica.controller !== controller
    ) {
      const rotation = world.rotation(controller);
      const replica = rotation[Math.floor(rng.next() * rotation.length)] ?? rotation[0];
      if (!replica)
        return done(
          t + CONNECT_FAILURE_MS,
          {
            replica: null,
            route: null,
            service: null,
            status: null,
            reason: 'connection failed',
            attempts: [],
            answeredBy: null,
          },
          null,
        );
      metrics.clientHandshakes++;
      connectMs =
        timings.clientRttMs * (1 + (plan.https ? timings.tlsRoundTrips : 0)) +
        (conn ? 0 : timings.dnsLookupMs);
      conn = { replica, lastActiveMs: t, reloadEpoch: world.reloadEpoch, open: true };
      connections.set(client, conn);
    }
    const replica = conn.replica;
    if (!replica.alive) {
      conn.open = false;
      return done(
        t + CONNECT_FAILURE_MS,
        {
          replica: replica.name,
          route: null,
          service: null,
          status: null,
          reason: 'connection failed',
          attempts: [],
          answeredBy: null,
        },
        replica.name,
      );
    }
    const atProxy = t + connectMs + timings.clientRttMs / 2 + timings.proxyProcessingMs;
    const back = (end: number): number => {
      conn.lastActiveMs = end + timings.clientRttMs / 2;
      return end + timings.clientRttMs / 2;
    };
    if (plan.kind === 'answer') {
      const e = plan.ending;
      return done(
        back(atProxy),
        {
          replica: replica.name,
          route: null,
          service: null,
          status: e.status,
          reason: reasonOf(e),
          attempts: [],
          answeredBy: null,
        },
        replica.name,
      );
    }
    const route = plan.route;
    let limitKey: string | undefined;
    for (const check of plan.limits) {
      if (check.kind === 'rateLimit') {
        if (!world.limiter(replica.name, check).allow(client, atProxy)) {
          metrics.rateLimited++;
          return done(
            back(atProxy),
            {
              replica: replica.name,
              route: route.label,
              service: null,
              status: check.status,
              reason: 'rate limited',
              attempts: [],
              answeredBy: null,
            },
            replica.name,
          );
        }
      } else if (check.kind === 'connectionLimit') {
        const key = `${replica.name}|${check.source.name}|${client}`;
        const n = connCounts.get(key) ?? 0;
        if (n >= check.max)
          return done(
            back(atProxy),
            {
              replica: replica.name,
              route: route.label,
              service: null,
              status: check.status,
              reason: 'connection limit',
              attempts: [],
              answeredBy: null,
            },
            replica.name,
          );
        connCounts.set(key, n + 1);
        limitKey = key;
      }
    }
    if (route.action.kind !== 'forward') {
      return done(
        back(atProxy),
        {
          replica: replica.name,
          route: route.label,
          service: null,
          status: route.action.status,
          reason: 'no route',
          attempts: [],
          answeredBy: null,
        },
        replica.name,
        [],
        limitKey,
      );
    }
    const choice = chooseBackend(cluster, route.action, plan.req, rng);
    const backend = choice?.backend;
    const resolution = backend
      ? cluster.resolveService(backend.namespace, backend.service, backend.port)
      : undefined;
    const ready =
      backend && resolution
        ? world.readyEndpoints(
            `${backend.namespace}/${backend.service}:${backend.port.number ?? backend.port.name}`,
            resolution.endpoints,
          )
        : [];
    if (!backend || ready.length === 0)
      return done(
        back(atProxy),
        {
          replica: replica.name,
          route: route.label,
          service: backend?.service ?? null,
          status: plan.family.status.noEndpoints,
          reason: 'no endpoints',
          attempts: [],
          answeredBy: null,
        },
        replica.name,
        [],
        limitKey,
      );
    const balancing = route.policy.balancing.algorithm;
    const upstreamKey = `${replica.name}|${backend.namespace}/${backend.service}`;
    const offset =
      plan.hashOffset ??
      (balancing === 'ewma'
        ? world.pickEwma(ready, () => rng.next())
        : world.nextRoundRobin(upstreamKey, ready.length));
    const result = runAttempts({
      method: plan.req.method,
      policy: route.policy,
      rules: plan.family.retry,
      endpoints: ready,
      offset,
      startMs: atProxy,
      podRttMs: timings.podRttMs,
      conditions: (ep) => {
        const b = behaviours.for(backend.namespace, backend.service, ep.pod);
        return {
          accepting: world.accepting(ep.pod, atProxy),
          behaviour: b.spec.behaviour,
          errorRate: b.spec.errorRate,
          errorStatus: b.spec.errorStatus,
          latency: b.latency,
          ageMs: world.ageMs(ep.pod, atProxy),
        };
      },
      connector: world.connector(
        replica.name,
        backend.namespace,
        backend.service,
        route.policy.connections.upstreamKeepalive,
        route.policy.connections.upstreamIdleTimeoutMs,
      ),
      rng,
    });
    const answeredBy =
      result.answeredBy !== undefined ? (ready[result.answeredBy]?.pod ?? null) : null;
    return done(
      back(result.endMs),
      {
        replica: replica.name,
        route: route.label,
        service: backend.service,
        status: result.status,
        reason: result.reason,
        attempts: result.attempts,
        answeredBy,
      },
      replica.name,
      result.attempts.map((a) => a.pod ?? ''),
      limitKey,
    );
  }
}

/** The static part of one kind of request, worked out once with trace's own stages. */
function makePlan(
  cluster: Cluster,
  spec: TrafficSpec,
  clientIp: string,
  world: World,
  timings: NetworkTimings,
  seed: number,
): Plan {
  const url = spec.url;
  const hostMatch = /^[a-z]+:\/\/([^/:?#]+)/i.exec(url);
  const host = hostMatch?.[1]?.toLowerCase() ?? '';
  const https = /^https:/i.test(url);
  const override = world.dns.get(host);
  if (override === null)
    return {
      kind: 'answer',
      https,
      ending: {
        status: null,
        error: `Could not resolve host: ${host}`,
        summary: 'DNS: no answer',
        explanation: '',
      },
    };
  const request: RequestSpec = {
    url,
    method: spec.method,
    headers: spec.headers,
    clientIp,
    bodyBytes: spec.bodyBytes,
    ...(override ? { resolve: [{ host, port: https ? 443 : 80, address: override }] } : {}),
  };
  const reached = reachRoute(cluster, request, { seed }, seededRandom(seed), timings);
  if (reached.kind === 'ended')
    return {
      kind: 'answer',
      https,
      ending: reached.ending,
      ...(reached.controller ? { controller: reached.controller } : {}),
    };
  const route = reached.matched.route;
  const limits = route.checks.filter((c) => {
    if (c.kind === 'connectionLimit') return true;
    if (c.kind !== 'rateLimit') return false;
    const ip = reached.matched.forwarding.clientAddress;
    return !c.exempt.some((e) => {
      const parsed = parseCidr(e.text);
      return parsed !== undefined && cidrContains(parsed, ip);
    });
  });
  const b = route.policy.balancing;
  const hashOffset =
    b.algorithm === 'hash' || b.algorithm === 'cookie'
      ? fnv1a(`${b.hashBy ?? ''}|${url}|${b.algorithm === 'cookie' ? clientIp : ''}`)
      : undefined;
  return {
    kind: 'route',
    req: reached.req,
    controller: reached.conn.controller,
    family: reached.family,
    route,
    uri: reached.matched.uri,
    https,
    limits,
    ...(hashOffset !== undefined ? { hashOffset } : {}),
  };
}

function reasonOf(e: Ending | undefined): string {
  if (!e) return 'connection failed';
  if (e.status === null) {
    const err = e.error ?? '';
    return err.startsWith('Could not resolve')
      ? 'dns failure'
      : err.startsWith('Failed to connect')
        ? 'connection failed'
        : err.includes('certificate') || err.includes('TLS')
          ? 'tls failure'
          : 'no response';
  }
  if (e.status >= 300 && e.status < 400) return 'redirect';
  if (e.status === 404) return 'no route';
  if (e.status === 401 || e.status === 403) return 'denied';
  if (e.status === 413) return 'body too large';
  return 'answered by the controller';
}
