/** How each pod behaves: the Scenario's backends, matched by pod name or Service, else the defaults. */
import type { BackendBehaviour, PodBehaviour, Scenario } from '../model/scenario.js';
import { DEFAULT_LATENCY } from '../model/scenario.js';
import { assumedSource } from '../model/source.js';
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
}

/** Finds a pod's behaviour: an entry naming the pod wins over one naming its Service. */
export class BehaviourIndex {
  private readonly cache = new Map<string, Map<string, ResolvedBehaviour>>();
  private readonly fallback: ResolvedBehaviour = resolve(DEFAULT_BEHAVIOUR);

  constructor(private readonly scenario: Scenario | undefined) {}

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
      hit = spec ? resolve(spec) : this.fallback;
      perService.set(pod, hit);
    }
    return hit;
  }
}

function resolve(spec: BackendBehaviour): ResolvedBehaviour {
  return {
    spec,
    latency: latencySampler(spec.latency),
    behaviour: asLiteral(spec.behaviour, BEHAVIOURS),
  };
}
