/**
 * The state that changes over simulated time: pods crashing and coming back, readiness
 * as the pods have it and as the proxy has heard of it, controller replicas, the load
 * balancer's health checks, kept-alive connections and rate-limit buckets.
 */
import type { Cluster, Controller, EndpointInfo } from '../model/cluster.js';
import type { FamilyBehaviour } from '../model/family.js';
import type { RouteCheck } from '../model/routeTable.js';
import type { Fault, Scenario } from '../model/scenario.js';
import type { ConnectionResult, Connector, PodConditions } from './attempts.js';
import type { BehaviourIndex, ResolvedBehaviour } from './pods.js';
import { TimeHeap } from './eventHeap.js';
import { NginxLimitReq } from './rateLimit.js';
import { TokenBucket } from './tokenBucket.js';

/** How long a crashed container takes to be back and ready (kubelet restart with a short back-off). */
export const RESTART_MS = 10_000;
/** Cloud load balancer health checks: 10 s apart, 2 failures to mark a target down. */
export const LB_DETECTION_MS = 20_000;
/** EndpointSlice update and the controller's informer, before the proxy's own sync. */
export const INFORMER_MS = 100;
/** Clients keep a DNS answer this long. */
export const DNS_TTL_MS = 30_000;

interface WorldEvent {
  readonly atMs: number;
  readonly text: string;
  readonly apply: () => void;
}

export interface ReplicaState {
  readonly controller: Controller;
  readonly name: string;
  /** Its place in `World.replicas`, for per-replica state kept in arrays. */
  readonly index: number;
  alive: boolean;
  /** Still receiving new connections from the load balancer. */
  inRotation: boolean;
}

/** What changes over time about one pod. */
export interface PodState {
  /** Until when its crashed container accepts no connections (-Infinity: it runs). */
  crashedUntil: number;
  /** When its container last started (0: before the simulation). */
  startedAt: number;
}

// Connection results carry no state of their own: one object each serves every attempt.
const REUSED_CONNECTION: ConnectionResult = { ms: 0, reused: true, stale: false };
const STALE_CONNECTION: ConnectionResult = { ms: 0, reused: true, stale: true };

/**
 * A replica's idle connections to one pod: the times they were last used, the most recent
 * on top. Times in a Float64Array: a release (one per answered attempt) stores a number
 * without allocating it or telling the garbage collector.
 */
export class IdleConnections {
  private times = new Float64Array(8);
  size = 0;

  push(atMs: number): void {
    if (this.size === this.times.length) {
      const times = new Float64Array(this.size * 2);
      times.set(this.times);
      this.times = times;
    }
    this.times[this.size++] = atMs;
  }

  /** The most recently used one's time; only when size > 0. */
  pop(): number {
    return this.times[--this.size] as number;
  }
}

/**
 * An endpoint as the simulation keeps it: the cluster's EndpointInfo, and what every attempt
 * on it needs, at hand so that an attempt finds it without a lookup.
 */
export interface SimEndpoint extends EndpointInfo {
  /** The pod's behaviour, as the Scenario gives it for this endpoint's Service. */
  readonly behaviour: ResolvedBehaviour;
  readonly state: PodState;
  /** What simConditions gives an attempt: set once, but for `accepting` and `ageMs`. */
  readonly conditions: { -readonly [K in keyof PodConditions]: PodConditions[K] };
  /** Per controller replica, by index: its idle connections to the pod (made on first use). */
  readonly pools: (IdleConnections | undefined)[];
}

function isSimEndpoint(e: EndpointInfo): e is SimEndpoint {
  return (e as Partial<SimEndpoint>).pools !== undefined;
}

/**
 * An attempt's conditions for the pod of a SimEndpoint at `atMs` (runAttempts' `conditions`
 * for the simulation's endpoints). One function for every backend and every run: a stable
 * call target for the optimized attempt code.
 */
export function simConditions(ep: EndpointInfo, atMs: number): PodConditions {
  const { state, conditions } = ep as SimEndpoint;
  conditions.accepting = atMs >= state.crashedUntil;
  conditions.ageMs = atMs - state.startedAt;
  return conditions;
}

export class World {
  private readonly queue = new TimeHeap<WorldEvent>();
  private readonly pods = new Map<string, PodState>();
  private readonly actualReady = new Map<string, boolean>();
  private readonly proxyReady = new Map<string, boolean>();
  private readonly readyCache = new Map<string, { epoch: number; list: SimEndpoint[] }>();
  /** Idle upstream connections per replica and pod. */
  private readonly pools = new Map<string, Map<string, IdleConnections>>();
  /** limit_req zones per replica (by index) and zone name. */
  private readonly limiters: Map<string, NginxLimitReq>[] = [];
  private readonly buckets = new Map<string, TokenBucket>();
  readonly replicas: ReplicaState[] = [];
  /** Bumped whenever the proxy's view of endpoints changes. */
  epoch = 0;
  /** Bumped on every controller reload: kept-alive client connections end. */
  reloadEpoch = 0;
  /** Host → address (or null for NXDOMAIN) after a DNS change reached the clients. */
  readonly dns = new Map<string, string | null>();
  dnsEpoch = 0;
  readonly log: { atMs: number; text: string }[] = [];
  /** Called when a replica is lost, to fail the requests in flight on it. */
  onReplicaLost: (replica: string, atMs: number) => void = () => undefined;
  /** Called when a pod crashes, to fail the attempts in flight on it. */
  onPodCrash: (pod: string, atMs: number) => void = () => undefined;
  handshakes = 0;
  /** Exponentially weighted latency per pod, as the proxy has observed it (EWMA balancing). */
  private readonly ewma = new Map<string, number>();

  /** Peak-EWMA as ingress-nginx's balancer does it: two random pods, the one with the lower score. */
  pickEwma(pods: readonly { pod: string }[], draw: () => number): number {
    const a = Math.floor(draw() * pods.length);
    const b = Math.floor(draw() * pods.length);
    const score = (i: number): number => this.ewma.get(pods[i]?.pod ?? '') ?? 0;
    return score(b) < score(a) ? b : a;
  }

  /** Called when a response completes, so the balancer only knows what has happened. */
  observeLatency(pod: string, ms: number): void {
    const prev = this.ewma.get(pod);
    this.ewma.set(pod, prev === undefined ? ms : prev + 0.3 * (ms - prev));
  }

  constructor(
    private readonly cluster: Cluster,
    scenario: Scenario,
    private readonly family: FamilyBehaviour,
    private readonly behaviours: BehaviourIndex,
    readonly podRttMs: number,
  ) {
    for (const c of cluster.controllers)
      for (const name of c.replicas)
        this.replicas.push({
          controller: c,
          name,
          index: this.replicas.length,
          alive: true,
          inRotation: true,
        });
    for (const p of cluster.pods) {
      this.actualReady.set(p.name, p.ready);
      this.proxyReady.set(p.name, p.ready);
    }
    for (const b of scenario.backends) {
      const pods = this.podsOf(b.pod ?? b.service ?? '');
      for (const change of b.readiness)
        for (const pod of pods)
          this.setReadiness(
            pod,
            change.ready,
            change.atMs,
            `readiness of ${pod} → ${change.ready ? 'ready' : 'not ready'} (Scenario)`,
          );
    }
    for (const f of scenario.faults) this.scheduleFault(f);
  }

  /** Application pods: every pod but the controllers' own. */
  private workloadPods(): string[] {
    const controllers = new Set(this.cluster.controllers.map((c) => c.source));
    return this.cluster.pods.filter((p) => !controllers.has(p.source)).map((p) => p.name);
  }

  /** Pods named by a fault or backend target: a pod name, or every pod of a Service (ns/name or name). */
  podsOf(target: string): string[] {
    if (this.cluster.pods.some((p) => p.name === target)) return [target];
    const [ns, name] = target.includes('/') ? target.split('/') : [undefined, target];
    for (const r of this.cluster.resources) {
      if (
        r.kind !== 'Service' ||
        r.meta.name !== name ||
        (ns !== undefined && r.meta.namespace !== ns)
      )
        continue;
      const port = r.ports[0];
      if (!port) continue;
      return this.cluster
        .resolveService(r.meta.namespace, r.meta.name, { number: port.port })
        .endpoints.map((e) => e.pod);
    }
    return [];
  }

  /**
   * Something that happens at `atMs` (a fault, a readiness change, a configuration change
   * reaching the proxies), logged as `text` when it has one.
   */
  schedule(atMs: number, text: string, apply: () => void): void {
    this.queue.push(atMs, { atMs, text, apply });
  }

  nextEventTime(): number {
    return this.queue.peekTime();
  }

  runNextEvent(): void {
    const e = this.queue.pop();
    if (!e) return;
    e.apply();
    if (e.text) this.log.push({ atMs: e.atMs, text: e.text });
  }

  /** The pod's readiness changes at `atMs`; the proxy hears of it at its next endpoint sync. */
  private setReadiness(pod: string, ready: boolean, atMs: number, text: string): void {
    this.schedule(atMs, text, () => this.actualReady.set(pod, ready));
    const sync = this.family.endpointSyncMs;
    // A periodic sync (ingress-nginx's Lua workers, every second) shows the change on its
    // next tick; a push (Envoy's EDS: endpointSyncMs 0) as soon as the controller hears of it.
    const visibleAt =
      sync > 0 ? (Math.floor((atMs + INFORMER_MS) / sync) + 1) * sync : atMs + INFORMER_MS;
    this.schedule(
      visibleAt,
      `${this.family.product} sees ${pod} as ${ready ? 'ready' : 'not ready'}`,
      () => {
        if (this.proxyReady.get(pod) !== ready) {
          this.proxyReady.set(pod, ready);
          this.epoch++;
        }
      },
    );
  }

  private scheduleFault(f: Fault): void {
    // A pod fault hits one pod: the one named, or the first pod of the named Service.
    const pods = (): string[] =>
      (f.target ? this.podsOf(f.target) : this.workloadPods()).slice(0, 1);
    switch (f.kind) {
      case 'podCrash':
        for (const pod of pods()) {
          this.schedule(f.atMs, `${pod} crashes`, () => {
            this.podState(pod).crashedUntil = f.atMs + RESTART_MS;
            this.onPodCrash(pod, f.atMs);
          });
          this.setReadiness(pod, false, f.atMs, '');
          this.schedule(
            f.atMs + RESTART_MS,
            `${pod} restarted`,
            () => (this.podState(pod).startedAt = f.atMs + RESTART_MS),
          );
          this.setReadiness(pod, true, f.atMs + RESTART_MS, `${pod} ready again`);
        }
        return;
      case 'podNotReady':
        for (const pod of pods())
          this.setReadiness(pod, false, f.atMs, `${pod} fails its readiness probe`);
        return;
      case 'podReady':
      case 'podBack':
        for (const pod of pods()) {
          this.schedule(f.atMs, `${pod} back`, () => (this.podState(pod).crashedUntil = -Infinity));
          this.setReadiness(pod, true, f.atMs, `${pod} passes its readiness probe`);
        }
        return;
      case 'replicaLost': {
        const target =
          this.replicas.find((r) => r.name === f.target) ?? this.replicas.find((r) => r.alive);
        if (!target) return;
        this.schedule(f.atMs, `controller replica ${target.name} lost`, () => {
          target.alive = false;
          this.onReplicaLost(target.name, f.atMs);
        });
        this.schedule(
          f.atMs + LB_DETECTION_MS,
          `the load balancer's health check takes ${target.name} out of rotation`,
          () => (target.inRotation = false),
        );
        return;
      }
      case 'controllerReload':
        this.schedule(
          f.atMs,
          'controller reload: new workers; kept-alive connections close after their request, upstream connection pools start empty',
          () => this.reload(),
        );
        return;
      case 'healthCheckFailing': {
        const targets = f.target ? this.replicas.filter((r) => r.name === f.target) : this.replicas;
        this.schedule(
          f.atMs + LB_DETECTION_MS,
          `load-balancer health checks fail for ${targets.map((r) => r.name).join(', ')}`,
          () => {
            for (const r of targets) r.inRotation = false;
          },
        );
        return;
      }
      case 'dnsChange':
        this.schedule(
          f.atMs + DNS_TTL_MS,
          `clients see the new DNS answer for ${f.target ?? '?'}: ${f.address ?? 'NXDOMAIN'} (after a ${DNS_TTL_MS / 1000} s TTL)`,
          () => {
            if (f.target) this.dns.set(f.target.toLowerCase(), f.address ?? null);
            this.dnsEpoch++;
          },
        );
        return;
    }
  }

  /** A proxy reload: new workers, so kept-alive client connections close and upstream pools start empty. */
  reload(): void {
    this.reloadEpoch++;
    // Emptied in place: endpoints keep their pools at hand.
    for (const perReplica of this.pools.values())
      for (const idle of perReplica.values()) idle.size = 0;
  }

  /** A pod's crash and restart times, one object per pod that callers may keep. */
  podState(pod: string): PodState {
    let state = this.pods.get(pod);
    if (!state) this.pods.set(pod, (state = { crashedUntil: -Infinity, startedAt: 0 }));
    return state;
  }

  /** The endpoints the proxy's balancer would use now. */
  readyEndpoints(key: string, all: readonly SimEndpoint[]): SimEndpoint[] {
    const hit = this.readyCache.get(key);
    if (hit && hit.epoch === this.epoch) return hit.list;
    const list = all.filter((e) => this.proxyReady.get(e.pod) ?? e.ready);
    this.readyCache.set(key, { epoch: this.epoch, list });
    return list;
  }

  /** `ep` of Service namespace/service, with what the simulation's attempts need at hand. */
  simEndpoint(namespace: string, service: string, ep: EndpointInfo): SimEndpoint {
    // Every field written in one order (`assumed`, which no attempt reads, left out), and the
    // pools list made to hold objects from the start: every SimEndpoint and its pools keep
    // one hidden class, so the attempts' code that reads them stays monomorphic.
    const behaviour = this.behaviours.for(namespace, service, ep.pod);
    return {
      pod: ep.pod,
      ip: ep.ip,
      port: ep.port,
      ready: ep.ready,
      listening: ep.listening,
      behaviour,
      state: this.podState(ep.pod),
      conditions: {
        accepting: true,
        behaviour: behaviour.behaviour,
        errorRate: behaviour.spec.errorRate,
        errorStatus: behaviour.spec.errorStatus,
        latency: behaviour.latency,
        ageMs: 0,
        address: `${ep.ip}:${ep.port}`,
        scripted: behaviour.echo,
      },
      pools: Array.from({ length: this.replicas.length }, () => undefined),
    };
  }

  /** Replicas the load balancer sends new connections to (all of them when every check fails: fail-open). */
  rotation(controller: Controller): ReplicaState[] {
    const own = this.replicas.filter((r) => r.controller === controller);
    const inRotation = own.filter((r) => r.inRotation);
    return inRotation.length > 0 ? inRotation : own;
  }

  /**
   * Traefik's RateLimit keeps its buckets per middleware and per replica (no Redis); Envoy's
   * local rate limit per Envoy pod.
   */
  tokenBucket(replica: string, check: Extract<RouteCheck, { kind: 'tokenBucket' }>): TokenBucket {
    const key = `${replica}|${check.zone}`;
    let b = this.buckets.get(key);
    if (!b)
      this.buckets.set(
        key,
        (b = new TokenBucket(check.average, check.periodMs, check.burst, check.implementation)),
      );
    return b;
  }

  limiter(replica: ReplicaState, check: Extract<RouteCheck, { kind: 'rateLimit' }>): NginxLimitReq {
    let perReplica = this.limiters[replica.index];
    if (!perReplica) this.limiters[replica.index] = perReplica = new Map();
    let l = perReplica.get(check.zone);
    if (!l)
      perReplica.set(check.zone, (l = new NginxLimitReq(check.rate, check.unit, check.burst)));
    return l;
  }

  /** The idle connections of one replica to one pod (an empty list to start with). */
  idleConnections(replica: string, pod: string): IdleConnections {
    let perReplica = this.pools.get(replica);
    if (!perReplica) this.pools.set(replica, (perReplica = new Map()));
    let idle = perReplica.get(pod);
    if (!idle) perReplica.set(pod, (idle = new IdleConnections()));
    return idle;
  }

  /** A replica's connections to the endpoints of one backend (the simulation's SimEndpoints). */
  connector(replica: ReplicaState, keepalive: number, proxyIdleMs: number): Connector {
    return keepalive <= 0
      ? new UnpooledConnector(this)
      : new PooledConnector(this, replica, keepalive, proxyIdleMs);
  }
}

// Connectors are classes rather than closures: their methods are the same functions in
// every simulation, so the optimized attempt code that calls them stays valid from one run
// to the next.

/** No pool (upstream keepalive 0): every attempt opens a connection. */
class UnpooledConnector implements Connector {
  private readonly fresh: ConnectionResult;

  constructor(private readonly world: World) {
    this.fresh = { ms: world.podRttMs, reused: false, stale: false };
  }

  connect(): ConnectionResult {
    this.world.handshakes++;
    return this.fresh;
  }

  release(): void {}
}

/**
 * Kept-alive upstream connections of one replica. A connection idle longer than the pod's
 * own keep-alive timeout has been closed by the pod; nginx notices the FIN and drops it,
 * except in the round trip right after the close, when it reuses a dead connection and the
 * request fails ("upstream prematurely closed connection").
 */
class PooledConnector implements Connector {
  private readonly fresh: ConnectionResult;

  constructor(
    private readonly world: World,
    private readonly replica: ReplicaState,
    private readonly keepalive: number,
    private readonly proxyIdleMs: number,
  ) {
    this.fresh = { ms: world.podRttMs, reused: false, stale: false };
  }

  connect(_pod: string, at: number, endpoint?: EndpointInfo): ConnectionResult {
    const ep = this.endpoint(endpoint);
    const idle = this.idle(ep);
    const podKeepAliveMs = ep.behaviour.spec.keepAliveTimeoutMs;
    const podRttMs = this.world.podRttMs;
    while (idle.size > 0) {
      const age = at - idle.pop();
      if (age >= this.proxyIdleMs) continue;
      if (age >= podKeepAliveMs) {
        if (age < podKeepAliveMs + podRttMs) return STALE_CONNECTION;
        continue;
      }
      return REUSED_CONNECTION;
    }
    this.world.handshakes++;
    return this.fresh;
  }

  release(_pod: string, at: number, endpoint?: EndpointInfo): void {
    const idle = this.idle(this.endpoint(endpoint));
    if (idle.size < this.keepalive) idle.push(at);
  }

  private endpoint(endpoint: EndpointInfo | undefined): SimEndpoint {
    if (!endpoint || !isSimEndpoint(endpoint))
      throw new Error('a simulation connector takes the simulation’s own endpoints');
    return endpoint;
  }

  /** The replica's idle connections to the endpoint's pod, kept at hand on the endpoint. */
  private idle(ep: SimEndpoint): IdleConnections {
    return (ep.pools[this.replica.index] ??= this.world.idleConnections(this.replica.name, ep.pod));
  }
}
