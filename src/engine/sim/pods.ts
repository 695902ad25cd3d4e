/**
 * How each pod behaves: the Scenario's backends, matched by pod name or Service, else the
 * defaults; and whether the pod runs the conformance echo server, which answers as each
 * request asks. `trace` and `simulate` both take a pod's behaviour from here.
 */
import type { PodInfo } from '../model/cluster.js';
import type { BackendBehaviour, PodBehaviour, Scenario } from '../model/scenario.js';
import { DEFAULT_LATENCY } from '../model/scenario.js';
import { assumedSource } from '../model/source.js';
import { runsEchoBasic } from '../path/echoServer.js';
import { latencySampler, type LatencySampler } from './distributions.js';
import { asLiteral } from './literals.js';

const BEHAVIOURS: readonly PodBehaviour[] = ['normal', 'refuse', 'hang', 'reset', 'slowStart'];

export const DEFAULT_BEHAVIOUR: BackendBehaviour = {
  latency: DEFAULT_LATENCY,
  errorRate: 0,
  errorStatus: 500,
  behaviour: 'normal',
  keepAliveTimeoutMs: 5_000,
  readiness: [],
  source: assumedSource('Scenario', '', 'defaults'),
};

export interface ResolvedBehaviour {
  readonly spec: BackendBehaviour;
  readonly latency: LatencySampler;
  /** spec.behaviour as the literal, for the comparisons of every simulated attempt. */
  readonly behaviour: PodBehaviour;
  /**
   * The pod runs the conformance echo server (path/echoServer.ts): the request's query
   * scripts its delay and failures (runAttempts' `script`), on top of the Scenario's entry.
   */
  readonly echo: boolean;
}

/** Finds a pod's behaviour: an entry naming the pod wins over one naming its Service. */
export class BehaviourIndex {
  private readonly cache = new Map<string, Map<string, ResolvedBehaviour>>();
  private readonly fallback: ResolvedBehaviour = resolve(DEFAULT_BEHAVIOUR, false);
  private readonly echoFallback: ResolvedBehaviour = resolve(DEFAULT_BEHAVIOUR, true);
  /** Pods that run the conformance echo server, by name. */
  private readonly echoPods: ReadonlySet<string>;

  /** `pods`: the cluster's pods (of every cluster the caller asks about, when it has several). */
  constructor(
    private readonly scenario: Scenario | undefined,
    pods: readonly PodInfo[],
  ) {
    this.echoPods = new Set(pods.filter(runsEchoBasic).map((p) => p.name));
  }

  for(namespace: string, service: string, pod: string): ResolvedBehaviour {
    const serviceKey = `${namespace}/${service}`;
    let perService = this.cache.get(serviceKey);
    if (!perService) this.cache.set(serviceKey, (perService = new Map()));
    let hit = perService.get(pod);
    if (!hit) {
      const backends = this.scenario?.backends ?? [];
      const spec =
        backends.find((b) => b.pod === pod) ??
        backends.find((b) => b.service === serviceKey || b.service === service);
      const echo = this.echoPods.has(pod);
      hit = spec ? resolve(spec, echo) : echo ? this.echoFallback : this.fallback;
      perService.set(pod, hit);
    }
    return hit;
  }
}

function resolve(spec: BackendBehaviour, echo: boolean): ResolvedBehaviour {
  return {
    spec,
    latency: latencySampler(spec.latency),
    behaviour: asLiteral(spec.behaviour, BEHAVIOURS),
    echo,
  };
}
