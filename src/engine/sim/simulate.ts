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
import { controllerTables, controllerVirtualHosts } from '../path/listeners.js';
import { TimeHeap } from './eventHeap.js';
import type { Cluster, Controller, EndpointInfo } from '../model/cluster.js';
import type { Attempt, Stage } from '../model/trace.js';
import { header, type RequestSpec, type WireRequest } from '../model/request.js';
import type { BackendRef, Route, RouteCheck } from '../model/routeTable.js';
import type { Scenario, TrafficSpec } from '../model/scenario.js';
import { DEFAULT_NETWORK } from '../model/scenario.js';
import type { SimulationResult } from '../model/simulation.js';
import type { FamilyBehaviour } from '../model/family.js';
import { assumedSource } from '../model/source.js';
import { familyBehaviour } from '../flavors/index.js';
import { chooseBackend } from '../path/endpoints.js';
import type { Ending } from '../path/builder.js';
import { reachRoute } from '../path/trace.js';
import { echoRequest } from '../path/echoServer.js';
import { forwardedUri } from '../path/upstream.js';
import { fnv1a } from '../util/hash.js';
import { cidrContains, parseCidr } from '../util/net.js';
import { seededRandom } from '../util/random.js';
import { runAttempts, type AttemptsInput, type Connector, type RequestScript } from './attempts.js';
import { Metrics, type RecordedRequest } from './metrics.js';
import { timingsFor, type NetworkTimings } from './network.js';
import { BehaviourIndex } from './pods.js';
import { ArrivalStream, clientAddress } from './traffic.js';
import type { NginxLimitReq } from './rateLimit.js';
import type { TokenBucket } from './tokenBucket.js';
import { simConditions, World, type ReplicaState, type SimEndpoint } from './world.js';

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
  /** A configuration change during the run (`simulationChange` works one out from two clusters). */
  readonly change?: SimulationChange;
}

/**
 * A change of the manifests during a run: `kubectl apply` at `atMs`; the proxies answer
 * from the old configuration until `programmedAtMs`, then from `after`. Requests already
 * at a proxy finish as they started (old workers drain).
 */
export interface SimulationChange {
  readonly after: Cluster;
  readonly atMs: number;
  readonly programmedAtMs: number;
  /** An nginx reload: new workers, kept-alive client connections close, upstream pools start empty. */
  readonly reload: boolean;
  /** How the proxy takes it, for the run's events ("ingress-nginx reloads"). */
  readonly label: string;
}

/** A client that cannot reach the load balancer gives up after this long (SYN retries). */
const CONNECT_FAILURE_MS = 3_000;

type Plan =
  | {
      readonly kind: 'answer';
      readonly ending: Ending;
      readonly controller?: Controller;
      readonly https: boolean;
      /** The stages the request goes through, as a trace shows them (shared by every request of this kind). */
      readonly stages: readonly Stage[];
    }
  | {
      readonly kind: 'route';
      readonly stages: readonly Stage[];
      readonly req: WireRequest;
      readonly controller: Controller;
      readonly family: FamilyBehaviour;
      readonly route: Route;
      readonly uri: string;
      readonly https: boolean;
      /** Rate and connection limits that apply to this client (allowlisted ones removed). */
      readonly limits: readonly RouteCheck[];
      /** limit_req zones by limit and replica (limits[i] on replica r at i × replicas + r), found once. */
      readonly limiters: NginxLimitReq[];
      /** Token buckets by limit and replica, as `limiters`, found once. */
      readonly buckets: TokenBucket[];
      /**
       * For a limit that groups by the Host or a header (limits[i]), this request's
       * value of it: Traefik keeps a bucket per value ([TRF] pkg/middlewares/extractor.go
       * GetSourceExtractor, "request.host" and "request.header.<name>"; oxy utils/source.go
       * reads req.Host, and req.Header.Get, "" when the header is absent).
       */
      readonly bucketSources: readonly (string | undefined)[];
      /** The client address the proxy sees (the node's, when the load balancer SNATs). */
      readonly seenAddress: string;
      /** The key limits by client address use for this client (see addressKeyFor). */
      addressKey: number;
      /** Balancer offset for hash balancing, fixed per request kind. */
      readonly hashOffset?: number;
      /** What the request asks of pods that run the conformance echo server (as in `trace`). */
      readonly script: RequestScript | undefined;
    };

interface ClientConnection {
  replica: ReplicaState;
  /** When the connection can carry a request: established, and its last answer received. */
  freeAtMs: number;
  lastActiveMs: number;
  reloadEpoch: number;
  open: boolean;
}

/**
 * One simulated request, from arrival to its outcome, and what the simulation needs to carry
 * on with it. One class with every field set in the constructor keeps the hot loop
 * monomorphic: a million of these is the whole cost. (As a subclass of a metrics record it
 * cost a generic construct call per request: V8 did not inline the derived constructor.)
 */
class SimRequest implements RecordedRequest {
  /** When the request leaves the event queue; only set once. */
  dueMs = 0;
  /** When the client has its answer (earlier than dueMs when a fault cut the request short). */
  endMs = 0;
  replica: string | null = null;
  route: string | null = null;
  service: string | null = null;
  status: number | null = null;
  reason = '';
  attempts: readonly Attempt[] = NO_ATTEMPTS;
  stages: readonly Stage[] = NO_STAGES;
  /** limit_conn slot to give back when the request ends. */
  connectionSlot: string | null = null;
  finished = false;
  /** False while the request travels to the proxy; true once its outcome is worked out. */
  atProxy = false;
  /** Its kind of request; null when it never reaches a proxy (no controller, no connection). */
  plan: Plan | null = null;
  /** The client connection it travels on; null while it waits for one. */
  conn: ClientConnection | null = null;
  /** At the proxy, what a retry after a pod crash needs (kept only when pods can crash). */
  upstream: Upstream | null = null;

  constructor(
    readonly id: number,
    readonly arrivalMs: number,
    readonly clientIndex: number,
    readonly method: string,
    readonly url: string,
  ) {}
}

const NO_ATTEMPTS: readonly Attempt[] = [];
const NO_STAGES: readonly Stage[] = [];

/** Like a browser: up to 6 HTTP/1.1 connections per host, each carrying one request at a time. */
export const CLIENT_CONNECTIONS = 6;

/** What a request needs of its backend, looked up once per backend and reused. */
interface BackendState {
  readonly key: string;
  readonly namespace: string;
  readonly service: string;
  readonly endpoints: readonly SimEndpoint[];
  /** Per controller replica, by its index: its upstream connections, its round-robin turn. */
  readonly connectors: (Connector | undefined)[];
  readonly roundRobin: number[];
  /** The endpoints the proxy believes ready, as of the world's epoch `readyEpoch`. */
  ready: readonly SimEndpoint[];
  readyEpoch: number;
}

export function defaultScenario(cluster: Cluster): Scenario {
  const source = assumedSource('Scenario', '', 'default');
  const traffic: TrafficSpec[] = [];
  for (const c of cluster.controllers) {
    for (const v of controllerTables(c).flatMap((t) => t.virtualHosts)) {
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
  const behaviours = new BehaviourIndex(
    scenario,
    options.change ? [...cluster.pods, ...options.change.after.pods] : cluster.pods,
  );
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
  /** The configuration the proxies serve: `cluster`, then a change's `after` once programmed. */
  let current = cluster;
  const streams = scenario.traffic.map(
    (t, i) => new ArrivalStream(t, i, durationMs, seededRandom(fnv1a(`${seed}:traffic:${i}`))),
  );
  const clientBase: number[] = [];
  let clientCount = 0;
  for (const t of scenario.traffic) {
    clientBase.push(clientCount);
    clientCount += t.clients;
  }
  const connections: (ClientConnection[] | undefined)[] = new Array<ClientConnection[] | undefined>(
    clientCount,
  );
  const backends = new WeakMap<BackendRef, BackendState>();
  /** Faults that hit requests in flight: a lost replica, a crashed pod. */
  const inFlightFaults = scenario.faults.some(
    (f) => f.kind === 'replicaLost' || f.kind === 'podCrash',
  );
  // Those faults take the requests in flight in the queue's heap order, which decides the
  // order they are recorded in: for them the queue keeps that order (no in-order lane).
  const inflight = new TimeHeap<SimRequest>(!inFlightFaults);
  const connectionSlots = new Map<string, number>();
  /** Requests waiting for one of their client's connections, oldest first. */
  const waiting: (SimRequest[] | undefined)[] = [];
  /** When each client has its DNS answer (looked up once, on its first connection). */
  const dnsAnswerAt: (number | undefined)[] = [];
  let nextId = 0;
  let stoppedEarly = false;
  let stoppedAtMs: number | null = null;

  /** EWMA learns from completed responses; nothing else needs them. */
  const usesEwma = cluster.controllers.some((c) =>
    controllerVirtualHosts(c).some((v) =>
      v.routes.some((r) => r.policy.balancing.algorithm === 'ewma'),
    ),
  );
  const finish = (r: SimRequest): void => {
    if (r.finished) return;
    r.finished = true;
    const last = r.attempts[r.attempts.length - 1];
    if (usesEwma && last?.pod && last.outcome === 'response')
      world.observeLatency(last.pod, last.endMs - last.startMs);
    if (r.connectionSlot)
      connectionSlots.set(r.connectionSlot, (connectionSlots.get(r.connectionSlot) ?? 1) - 1);
    metrics.record(r);
  };
  // Faults cut requests short: the record ends now; its stale queue entry is skipped later.
  const cutShort = (
    match: (r: SimRequest) => boolean,
    atMs: number,
    status: number | null,
    reason: string,
  ): void => {
    for (const r of [...inflight.values()]) {
      if (r.finished || !match(r)) continue;
      r.status = status;
      r.reason = reason;
      r.endMs = atMs;
      // Nothing the request set going outlives it: attempts stop where the request did.
      r.attempts = r.attempts
        .filter((a) => a.startMs < atMs)
        .map((a) => (a.endMs > atMs ? { ...a, endMs: atMs, outcome: 'reset' as const } : a));
      if (r.conn) handOver(r.clientIndex, r.conn, atMs);
      finish(r);
    }
  };
  world.onReplicaLost = (replica, atMs) => {
    cutShort((r) => r.replica === replica, atMs, null, 'controller replica lost');
    for (const pool of connections)
      for (const c of pool ?? []) if (c.replica.name === replica) c.open = false;
  };
  world.onPodCrash = (pod, atMs) => {
    for (const r of [...inflight.values()]) if (!r.finished && r.atProxy) podCrashed(r, pod, atMs);
  };

  /**
   * The key a limit by client address files a client under: its own index while the proxy
   * sees its address; otherwise one key per address the proxy does see (past the clients'
   * indexes). With externalTrafficPolicy: Cluster that is the node's address, so every client
   * shares one rate limit, as the trace says (path/l4lb.ts).
   */
  const seenAddressKeys = new Map<string, number>();
  const addressKeyFor = (seen: string, index: number): number => {
    if (seen === clientAddress(index)) return index;
    let key = seenAddressKeys.get(seen);
    if (key === undefined) seenAddressKeys.set(seen, (key = clientCount + seenAddressKeys.size));
    return key;
  };
  /** Plans per global client, for the DNS answers of one epoch. */
  let plans: (Plan | undefined)[] = [];
  let plansEpoch = world.dnsEpoch;
  const planFor = (stream: ArrivalStream, client: number): Plan => {
    if (plansEpoch !== world.dnsEpoch) {
      plans = [];
      plansEpoch = world.dnsEpoch;
    }
    const index = (clientBase[stream.index] ?? 0) + client;
    let plan = plans[index];
    if (!plan) {
      plan = sameReplicas(
        makePlan(current, stream.spec, clientAddress(index), world, timings, seed),
        cluster,
      );
      if (plan.kind === 'route') plan.addressKey = addressKeyFor(plan.seenAddress, index);
      plans[index] = plan;
    }
    return plan;
  };
  const change = options.change;
  if (change) {
    world.schedule(change.atMs, 'kubectl apply: the change is stored', () => undefined);
    world.schedule(change.programmedAtMs, `${change.label}: the new configuration serves`, () => {
      current = change.after;
      plans = [];
      world.epoch++;
      if (change.reload) world.reload();
    });
  }

  // Consecutive requests mostly go to the same backend: the last one is kept at hand.
  let lastRef: BackendRef | undefined;
  let lastState: BackendState | undefined;
  const backendState = (b: BackendRef): BackendState => {
    if (b === lastRef) return lastState as BackendState;
    let state = backends.get(b);
    if (!state) {
      const resolution = current.resolveService(b.namespace, b.service, b.port);
      state = {
        key: `${b.namespace}/${b.service}:${b.port.number ?? b.port.name ?? ''}`,
        namespace: b.namespace,
        service: b.service,
        // The endpoints runAttempts is given are this simulation's own, for simConditions and
        // the connectors.
        endpoints: resolution.endpoints.map((ep) => world.simEndpoint(b.namespace, b.service, ep)),
        connectors: [],
        roundRobin: [],
        ready: [],
        readyEpoch: -1,
      };
      backends.set(b, state);
    }
    lastRef = b;
    lastState = state;
    return state;
  };

  /** The endpoints the proxy believes ready for a backend, looked up again only when they change. */
  const readyOf = (b: BackendState): readonly SimEndpoint[] => {
    if (b.readyEpoch !== world.epoch) {
      b.ready = world.readyEndpoints(b.key, b.endpoints);
      b.readyEpoch = world.epoch;
    }
    return b.ready;
  };

  // Once a request's outcome is known, only a fault that hits requests in flight, EWMA
  // (which learns from completions) or a connection limit (which frees its slot on
  // completion) can still depend on when it completes. Without them it is recorded at once,
  // which halves the work of the event queue.
  const completionMatters = cluster.controllers.some((c) =>
    controllerVirtualHosts(c).some((v) =>
      v.routes.some(
        (r) =>
          r.policy.balancing.algorithm === 'ewma' ||
          r.checks.some((k) => k.kind === 'connectionLimit'),
      ),
    ),
  );
  const recordOnAnswer = !inFlightFaults && !completionMatters;
  /** One input object for every call of runAttempts: a simulation makes a million of them. */
  const attemptsInput: { -readonly [K in keyof AttemptsInput]: AttemptsInput[K] } = {
    method: 'GET',
    policy: undefined as unknown as AttemptsInput['policy'],
    rules: undefined as unknown as AttemptsInput['rules'],
    endpoints: [],
    offset: 0,
    startMs: 0,
    podRttMs: timings.podRttMs,
    conditions: simConditions,
    connector: undefined as unknown as AttemptsInput['connector'],
    rng,
    script: undefined,
  };
  let events = 0;
  for (;;) {
    let stream: ArrivalStream | undefined;
    for (let i = 0; i < streams.length; i++) {
      const s = streams[i] as ArrivalStream;
      if (s.nextTime < (stream?.nextTime ?? Infinity)) stream = s;
    }
    const tArrival = stream?.nextTime ?? Infinity;
    const tWorld = world.nextEventTime();
    const tDone = inflight.peekTime();
    const t = Math.min(tArrival, tWorld, tDone);
    if (t === Infinity) break;
    if (++events % 4096 === 0) {
      options.onProgress?.(Math.min(1, t / durationMs));
      if (options.shouldStop?.()) {
        stoppedEarly = true;
        stoppedAtMs = t;
        break;
      }
    }
    if (tDone === t) {
      const r = inflight.pop() as SimRequest;
      // A rescheduled request leaves its old entry behind: only the current one counts.
      if (r.finished || r.dueMs !== t) continue;
      if (r.atProxy) finish(r);
      else {
        reachProxy(r);
        if (recordOnAnswer) finish(r);
        else schedule(r);
      }
      continue;
    }
    if (tWorld === t) {
      world.runNextEvent();
      continue;
    }
    const s = stream as ArrivalStream;
    const client = s.client;
    s.advance();
    const r = new SimRequest(
      nextId++,
      t,
      (clientBase[s.index] ?? 0) + client,
      s.spec.method,
      s.spec.url,
    );
    metrics.requests++;
    if (send(r, planFor(s, client))) schedule(r);
  }
  // Whatever is still in flight when the run ends (or stops) ends as it was going to.
  while (inflight.length > 0) {
    const r = inflight.pop() as SimRequest;
    if (r.finished) continue;
    if (!r.atProxy) reachProxy(r);
    finish(r);
  }
  metrics.upstreamHandshakes = world.handshakes;
  return metrics.result({
    scenario: scenario.name,
    seed,
    durationMs,
    stoppedEarly,
    stoppedAtMs,
    // Changes after the end still play out for requests in flight, but are not part of the run's story.
    events: world.log.filter((e) => e.atMs <= durationMs),
  });

  /** The proxy answers at `atMs`; the client has it half a round trip later. */
  function answer(
    r: SimRequest,
    conn: ClientConnection,
    atMs: number,
    status: number | null,
    reason: string,
  ): void {
    r.endMs = atMs + timings.clientRttMs / 2;
    conn.lastActiveMs = r.endMs;
    conn.freeAtMs = r.endMs;
    r.status = status;
    r.reason = reason;
    handOver(r.clientIndex, conn, r.endMs);
  }

  /** Works out one request's outcome from the state of the world when it arrives. */
  /** The client sends a request; false when it has to wait for one of its connections. */
  function send(r: SimRequest, plan: Plan): boolean {
    const t = r.arrivalMs;
    r.stages = plan.stages;
    const controller = plan.controller;
    if (!controller) {
      r.reason = reasonOf(plan.kind === 'answer' ? plan.ending : undefined);
      // NXDOMAIN comes back at once; an address nobody answers at costs the client its SYN retries.
      r.endMs = t + (r.reason === 'dns failure' ? timings.dnsLookupMs : CONNECT_FAILURE_MS);
      return true;
    }
    // A kept-alive connection that is free, else a new one through the load balancer (up to
    // CLIENT_CONNECTIONS), else the request waits for the connection that frees first.
    const keepAlive = keepAliveFor(plan);
    let pool = connections[r.clientIndex];
    if (!pool) connections[r.clientIndex] = pool = [];
    // The free connection that comes first in the pool; when none is free, the busy one whose
    // answer is known and comes back first (the later in the pool on a tie). Connections that
    // are closed, or free and idle past the keep-alive timeout, are dropped on the way.
    // The scan stops at the first free connection, as most requests find one near the front:
    // a droppable one further on stays until a later scan reaches it, which changes nothing,
    // since it is never picked and the pool's size only counts after a scan of the whole pool.
    let conn: ClientConnection | undefined;
    let soonest: ClientConnection | undefined;
    for (let i = 0; i < pool.length;) {
      const c = pool[i] as ClientConnection;
      const usable =
        c.open && c.reloadEpoch === world.reloadEpoch && c.replica.controller === controller;
      const free = c.freeAtMs <= t;
      if (!usable || (free && t - c.lastActiveMs >= keepAlive)) {
        pool.splice(i, 1); // closed, or idle past the keep-alive timeout
        continue;
      }
      if (free) {
        conn = c;
        break;
      }
      if (c.freeAtMs < Infinity && (!soonest || c.freeAtMs <= soonest.freeAtMs)) soonest = c;
      i++;
    }
    r.plan = plan;
    if (!conn && pool.length >= CLIENT_CONNECTIONS) {
      // Every connection carries a request. If one's answer is already known, this request
      // follows it on that connection; otherwise it waits until an answer frees one.
      if (soonest) {
        if (keepAlive > 0) dispatch(r, soonest.freeAtMs, soonest);
        else {
          pool.splice(pool.indexOf(soonest), 1);
          dispatch(r, soonest.freeAtMs, undefined);
        }
        return true;
      }
      let queue = waiting[r.clientIndex];
      if (!queue) waiting[r.clientIndex] = queue = [];
      queue.push(r);
      return false;
    }
    dispatch(r, t, conn);
    return true;
  }

  /**
   * Sends a request at `t` over `conn`, or over a new connection through the load balancer
   * when `conn` is undefined. Returns false when the request failed before reaching the proxy.
   */
  function dispatch(r: SimRequest, t: number, reuse: ClientConnection | undefined): void {
    const plan = r.plan as Plan;
    const controller = plan.controller as Controller;
    const pool = connections[r.clientIndex] as ClientConnection[];
    let conn = reuse;
    let sendAt = t;
    if (!conn) {
      const rotation = world.rotation(controller);
      const replica = rotation[Math.floor(rng.next() * rotation.length)];
      if (!replica) return failBeforeProxy(r, t, null);
      metrics.clientHandshakes++;
      // The first connection waits for the DNS answer; later ones cannot start before it either.
      let dnsAt = dnsAnswerAt[r.clientIndex];
      if (dnsAt === undefined) dnsAnswerAt[r.clientIndex] = dnsAt = t + timings.dnsLookupMs;
      const handshakeMs = timings.clientRttMs * (1 + (plan.https ? timings.tlsRoundTrips : 0));
      conn = {
        replica,
        freeAtMs: Math.max(t, dnsAt) + handshakeMs,
        lastActiveMs: t,
        reloadEpoch: world.reloadEpoch,
        open: true,
      };
      pool.push(conn);
      sendAt = conn.freeAtMs;
    }
    conn.freeAtMs = Infinity; // busy until its answer arrives
    const replica = conn.replica;
    r.replica = replica.name;
    if (!replica.alive) {
      conn.open = false;
      return failBeforeProxy(r, t, conn);
    }
    // The request travels to the proxy; what happens there is worked out when it arrives,
    // after any fault or readiness change that comes first.
    r.dueMs = sendAt + timings.clientRttMs / 2 + timings.proxyProcessingMs;
    r.conn = conn;
  }

  /** Nothing accepted the connection: the client gives up. A waiting request may use the slot. */
  function failBeforeProxy(r: SimRequest, t: number, conn: ClientConnection | null): void {
    r.endMs = t + CONNECT_FAILURE_MS;
    r.reason = 'connection failed';
    r.plan = null;
    if (conn) handOver(r.clientIndex, conn, r.endMs);
  }

  /**
   * A connection is free again at `atMs`: the client's next waiting request takes it, or
   * (keep-alive 0, or the connection is gone) a new connection in its place.
   */
  function handOver(client: number, conn: ClientConnection, atMs: number): void {
    const next = waiting[client]?.shift();
    if (!next) return;
    if (conn.open && keepAliveFor(next.plan as Plan) > 0) dispatch(next, atMs, conn);
    else {
      const pool = connections[client] ?? [];
      const i = pool.indexOf(conn);
      if (i >= 0) pool.splice(i, 1);
      dispatch(next, atMs, undefined);
    }
    schedule(next);
  }

  function keepAliveFor(plan: Plan): number {
    return Math.min(
      plan.kind === 'route' ? plan.route.policy.connections.clientKeepAliveMs : 75_000,
      scenario.network.loadBalancerIdleTimeoutMs,
    );
  }

  function schedule(r: SimRequest): void {
    if (r.atProxy || r.plan === null) {
      r.atProxy = true;
      r.dueMs = r.endMs;
    }
    inflight.push(r.dueMs, r);
  }

  /** The request reaches the proxy: limits, the backend, the endpoints the proxy believes ready, the attempts. */
  function reachProxy(r: SimRequest): void {
    const plan = r.plan as Plan;
    const conn = r.conn as ClientConnection;
    const atProxy = r.dueMs;
    const replica = conn.replica;
    r.atProxy = true;
    if (plan.kind === 'answer')
      return answer(r, conn, atProxy, plan.ending.status, reasonOf(plan.ending));
    const route = plan.route;
    r.route = route.label;
    for (let i = 0; i < plan.limits.length; i++) {
      const check = plan.limits[i] as RouteCheck;
      if (check.kind === 'rateLimit') {
        const slot = i * world.replicas.length + replica.index;
        const limiter = (plan.limiters[slot] ??= world.limiter(replica, check));
        if (!limiter.allow(plan.addressKey, atProxy)) {
          metrics.rateLimited++;
          return answer(r, conn, atProxy, check.status, 'rate limited');
        }
      } else if (check.kind === 'tokenBucket') {
        const slot = i * world.replicas.length + replica.index;
        const bucket = (plan.buckets[slot] ??= world.tokenBucket(replica.name, check));
        if (!bucket.allow(groupOf(plan, check, i), atProxy)) {
          metrics.rateLimited++;
          return answer(r, conn, atProxy, check.status, 'rate limited');
        }
      } else if (check.kind === 'connectionLimit') {
        const slot = `${replica.name}|${check.source.name}|${check.by}|${groupOf(plan, check, i)}`;
        const n = connectionSlots.get(slot) ?? 0;
        if (n >= check.max) return answer(r, conn, atProxy, check.status, 'connection limit');
        connectionSlots.set(slot, n + 1);
        r.connectionSlot = slot;
      }
    }
    if (route.action.kind !== 'forward')
      return answer(r, conn, atProxy, route.action.status, 'no route');
    const action = route.action;
    // The common case, one backend and no canary, needs no draw.
    const backend =
      action.backends.length === 1 && action.alternatives.length === 0
        ? action.backends[0]
        : chooseBackend(current, action, plan.req, rng)?.backend;
    if (!backend) return answer(r, conn, atProxy, plan.family.status.noEndpoints, 'no endpoints');
    const b = backendState(backend);
    r.service = b.service;
    const ready = readyOf(b);
    if (ready.length === 0)
      return answer(r, conn, atProxy, plan.family.status.noEndpoints, 'no endpoints');
    const balancing = route.policy.balancing.algorithm;
    const offset =
      plan.hashOffset ??
      (balancing === 'ewma'
        ? world.pickEwma(ready, () => rng.next())
        : nextRoundRobin(b, replica, ready.length));
    const connector = connectorFor(b, replica, route);
    // Only a pod crash needs to pick the request up again later.
    if (inFlightFaults) r.upstream = { b, ready, offset, connector };
    const input = attemptsInput;
    input.method = plan.req.method;
    input.policy = route.policy;
    input.rules = plan.family.retry;
    input.endpoints = ready;
    input.offset = offset;
    input.startMs = atProxy;
    input.connector = connector;
    input.script = plan.script;
    const result = runAttempts(input);
    r.attempts = result.attempts;
    answer(r, conn, result.endMs, result.status, result.reason);
  }

  /** Round robin per replica and upstream, as each controller replica balances on its own. */
  function nextRoundRobin(b: BackendState, replica: ReplicaState, n: number): number {
    const i = b.roundRobin[replica.index] ?? 0;
    b.roundRobin[replica.index] = i + 1;
    return i % n;
  }

  function connectorFor(b: BackendState, replica: ReplicaState, route: Route): Connector {
    let connector = b.connectors[replica.index];
    if (!connector) {
      connector = world.connector(
        replica,
        route.policy.connections.upstreamKeepalive,
        route.policy.connections.upstreamIdleTimeoutMs,
      );
      b.connectors[replica.index] = connector;
    }
    return connector;
  }

  /**
   * A pod died under an attempt: the kernel resets its connections at once, so nginx sees
   * an error on a request it had sent. The family's retry rules decide what follows, as
   * for any reset: a GET moves to the next pod, a POST ends in 502.
   */
  function podCrashed(r: SimRequest, pod: string, atMs: number): void {
    const at = r.upstream;
    const plan = r.plan as Plan;
    const conn = r.conn as ClientConnection;
    const index = r.attempts.findIndex((a) => a.pod === pod && a.startMs <= atMs && a.endMs > atMs);
    if (!at || index < 0 || plan.kind !== 'route') return;
    const cut = r.attempts[index] as Attempt;
    const attempts: Attempt[] = [
      ...r.attempts.slice(0, index),
      { ...cut, endMs: atMs, outcome: 'reset' },
    ];
    const policy = plan.route.policy;
    const rules = plan.family.retry;
    const decision = rules.next(
      { kind: 'reset', sent: true },
      {
        method: plan.req.method,
        triesSoFar: attempts.length,
        elapsedMs: atMs - (attempts[0]?.startMs ?? atMs),
        policy,
        explain: false,
      },
    );
    r.attempts = attempts;
    if (!decision.retry)
      return reschedule(
        r,
        conn,
        atMs,
        rules.statusFor({ kind: 'reset', sent: true }),
        'pod crashed mid-request',
      );
    const remaining =
      policy.retry.tries > 0 ? policy.retry.tries - attempts.length : policy.retry.tries;
    const ready = readyOf(at.b);
    if (ready.length === 0 || (policy.retry.tries > 0 && remaining <= 0))
      return reschedule(
        r,
        conn,
        atMs,
        rules.statusFor({ kind: 'reset', sent: true }),
        'pod crashed mid-request',
      );
    const next = (ready.findIndex((e) => e.pod === pod) + 1) % ready.length;
    const result = runAttempts({
      method: plan.req.method,
      policy: { ...policy, retry: { ...policy.retry, tries: remaining } },
      rules,
      endpoints: ready,
      offset: next,
      startMs: atMs,
      podRttMs: timings.podRttMs,
      conditions: simConditions,
      connector: at.connector,
      rng,
      script: plan.script,
    });
    r.attempts = [...attempts, ...result.attempts];
    reschedule(
      r,
      conn,
      result.endMs,
      result.status,
      result.reason === 'response' ? 'response' : result.reason,
    );
  }

  function reschedule(
    r: SimRequest,
    conn: ClientConnection,
    atMs: number,
    status: number | null,
    reason: string,
  ): void {
    answer(r, conn, atMs, status, reason);
    r.dueMs = r.endMs;
    inflight.push(r.dueMs, r);
  }
}

/** A request at the proxy, with what a retry after a pod crash needs. */
interface Upstream {
  readonly b: BackendState;
  readonly ready: readonly EndpointInfo[];
  readonly offset: number;
  readonly connector: Connector;
}

/**
 * A plan made on the cluster after a change names its controller from that cluster: the
 * simulation's replicas belong to the one of the same id in the cluster it started with.
 */
function sameReplicas(plan: Plan, original: Cluster): Plan {
  const id = plan.controller?.id;
  const c = id === undefined ? undefined : original.controllers.find((x) => x.id === id);
  return c && c !== plan.controller ? ({ ...plan, controller: c } as Plan) : plan;
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
      stages: [],
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
      stages: reached.t.stagesSoFar(),
      ending: reached.ending,
      ...(reached.controller ? { controller: reached.controller } : {}),
    };
  const route = reached.matched.route;
  const limits = route.checks.filter((c) => {
    if (c.kind === 'connectionLimit' || c.kind === 'tokenBucket') return true;
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
  // The path the pod receives, as upstreamStage forwards it: its query scripts an echo server.
  const forwarded = forwardedUri(
    route,
    reached.req,
    reached.matched.uri,
    reached.family.forwardsNormalizedPath,
  );
  return {
    kind: 'route',
    stages: reached.t.stagesSoFar(),
    req: reached.req,
    controller: reached.conn.controller,
    family: reached.family,
    route,
    uri: reached.matched.uri,
    https,
    limits,
    limiters: [],
    buckets: [],
    bucketSources: limits.map((c) => bucketSource(c, reached.req)),
    seenAddress: reached.matched.forwarding.clientAddress,
    addressKey: -1,
    ...(hashOffset !== undefined ? { hashOffset } : {}),
    script: echoRequest(forwarded.path, []).script,
  };
}

/**
 * Whose requests count together against limits[i] for this plan: the client address's key,
 * the Host's or a header's value, or one group for all.
 */
function groupOf(
  plan: Extract<Plan, { kind: 'route' }>,
  check: Extract<RouteCheck, { kind: 'tokenBucket' | 'connectionLimit' }>,
  i: number,
): number | string {
  if (check.by === 'ip') return plan.addressKey;
  if (check.by === 'all') return -1;
  return plan.bucketSources[i] ?? '';
}

/** The value a limit groups this request by, when it is the Host or a header's. */
function bucketSource(check: RouteCheck, req: WireRequest): string | undefined {
  if (check.kind !== 'tokenBucket' && check.kind !== 'connectionLimit') return undefined;
  if (check.by === 'host') return req.hostHeader;
  if (check.by === 'header') return header(req, check.header ?? '') ?? '';
  return undefined;
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
