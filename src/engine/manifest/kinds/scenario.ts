/** Reads a Scenario document, with diagnostics on the lines of bad values. */
import type {
  BackendBehaviour,
  Fault,
  FaultKind,
  LatencyModel,
  PodBehaviour,
  ReadinessChange,
  Scenario,
  TrafficPattern,
  TrafficSpec,
} from '../../model/scenario.js';
import { DEFAULT_LATENCY, DEFAULT_NETWORK } from '../../model/scenario.js';
import type { YamlPath } from '../../model/source.js';
import { parseNginxSize } from '../../util/units.js';
import type { FieldReader } from '../reader.js';

export const SCENARIO_API_VERSION = 'routelab.dev/v1alpha1';

const BEHAVIOURS: readonly PodBehaviour[] = ['normal', 'refuse', 'hang', 'reset', 'slowStart'];
const PATTERNS: readonly TrafficPattern[] = ['constant', 'burst', 'ramp', 'poisson'];
const FAULTS: readonly FaultKind[] = [
  'podCrash',
  'podNotReady',
  'podReady',
  'podBack',
  'controllerReload',
  'replicaLost',
  'dnsChange',
  'healthCheckFailing',
];

/** Durations as Gateway API and Go write them: 1h, 5m, 30s, 250ms, 1m30s; a bare number is seconds. */
export function parseDurationMs(text: string): number | undefined {
  const t = text.trim();
  if (/^\d+(\.\d+)?$/.test(t)) return Number(t) * 1000;
  let total = 0;
  let consumed = 0;
  for (const m of t.matchAll(/(\d+(?:\.\d+)?)(ms|h|m|s)/g)) {
    if (m.index !== consumed) return undefined;
    consumed += m[0].length;
    const n = Number(m[1]);
    total += n * (m[2] === 'ms' ? 1 : m[2] === 's' ? 1000 : m[2] === 'm' ? 60_000 : 3_600_000);
  }
  return consumed === t.length && consumed > 0 ? total : undefined;
}

function duration(r: FieldReader, path: YamlPath, fallback: number): number {
  const v = r.get(path);
  if (v === undefined || v === null) return fallback;
  const ms =
    typeof v === 'number' ? v * 1000 : typeof v === 'string' ? parseDurationMs(v) : undefined;
  if (ms === undefined || ms < 0) {
    r.report(
      'RL120',
      'error',
      path,
      `${path.join('.')}: "${String(v)}" is not a duration (like 500ms, 30s, 2m, 1m30s).`,
    );
    return fallback;
  }
  return ms;
}

function latency(r: FieldReader, path: YamlPath): LatencyModel {
  const v = r.get(path);
  if (v === undefined || v === null) return DEFAULT_LATENCY;
  if (typeof v === 'string' || typeof v === 'number')
    return { kind: 'fixed', ms: duration(r, path, 20) };
  const p50 = duration(r, [...path, 'p50'], Number.NaN);
  const p99 = duration(r, [...path, 'p99'], Number.NaN);
  if (Number.isNaN(p50) || Number.isNaN(p99) || p99 < p50) {
    r.report(
      'RL120',
      'error',
      path,
      'latency needs p50 and p99 durations with p99 ≥ p50 (or one fixed duration).',
    );
    return DEFAULT_LATENCY;
  }
  return p50 === p99 ? { kind: 'fixed', ms: p50 } : { kind: 'percentiles', p50, p99 };
}

function oneOf<T extends string>(
  r: FieldReader,
  path: YamlPath,
  values: readonly T[],
  fallback: T,
): T {
  const v = r.str(path);
  if (v === undefined) return fallback;
  if ((values as readonly string[]).includes(v)) return v as T;
  r.report('RL120', 'error', path, `"${v}" is not one of ${values.join(', ')}.`);
  return fallback;
}

function rate(r: FieldReader, path: YamlPath): number {
  const v = r.get(path);
  if (v === undefined || v === null) return 10;
  const text = String(v).trim();
  const m = /^(\d+(?:\.\d+)?)\s*(?:\/\s*(s|m|min|h))?$/.exec(text);
  if (!m) {
    r.report('RL120', 'error', path, `rate "${text}" is not a rate like 100/s or 600/m.`);
    return 10;
  }
  const n = Number(m[1]);
  return m[2] === 'm' || m[2] === 'min' ? n / 60 : m[2] === 'h' ? n / 3600 : n;
}

export function readScenario(r: FieldReader, order: number): Scenario | undefined {
  void order;
  const name = r.str(['metadata', 'name']) ?? 'scenario';
  const spec: YamlPath = ['spec'];
  const seed = r.int([...spec, 'seed']) ?? 1;
  const durationMs = duration(r, [...spec, 'duration'], 10_000);
  const tls = r.get([...spec, 'network', 'tls']);
  const network = {
    clientRttMs: duration(r, [...spec, 'network', 'clientRtt'], DEFAULT_NETWORK.clientRttMs),
    podRttMs: duration(r, [...spec, 'network', 'podRtt'], DEFAULT_NETWORK.podRttMs),
    tlsRoundTrips: String(tls ?? '1.3') === '1.2' ? 2 : 1,
    loadBalancerIdleTimeoutMs: duration(
      r,
      [...spec, 'network', 'loadBalancerIdleTimeout'],
      DEFAULT_NETWORK.loadBalancerIdleTimeoutMs,
    ),
  };
  const backends: BackendBehaviour[] = r.list([...spec, 'backends']).map((_, i) => {
    const p: YamlPath = [...spec, 'backends', i];
    const service = r.str([...p, 'service']);
    const pod = r.str([...p, 'pod']);
    if (!service && !pod)
      r.report('RL120', 'error', p, 'A backend names a service (namespace/name) or a pod.');
    const errorRate = Number(r.get([...p, 'errorRate']) ?? 0);
    if (!(errorRate >= 0 && errorRate <= 1))
      r.report('RL120', 'error', [...p, 'errorRate'], 'errorRate is a fraction between 0 and 1.');
    const readiness: ReadinessChange[] = r.list([...p, 'readiness']).map((_, j) => ({
      atMs: duration(r, [...p, 'readiness', j, 'at'], 0),
      ready: r.bool([...p, 'readiness', j, 'ready']) ?? true,
    }));
    return {
      ...(service ? { service } : {}),
      ...(pod ? { pod } : {}),
      latency: latency(r, [...p, 'latency']),
      errorRate: errorRate >= 0 && errorRate <= 1 ? errorRate : 0,
      errorStatus: r.int([...p, 'errorStatus']) ?? 500,
      behaviour: oneOf(
        r,
        [...p, 'behavior'],
        BEHAVIOURS,
        oneOf(r, [...p, 'behaviour'], BEHAVIOURS, 'normal'),
      ),
      keepAliveTimeoutMs: duration(r, [...p, 'keepAliveTimeout'], 5_000),
      readiness: readiness.sort((a, b) => a.atMs - b.atMs),
      source: r.at(p),
    };
  });
  const traffic: TrafficSpec[] = r.list([...spec, 'traffic']).map((_, i) => {
    const p: YamlPath = [...spec, 'traffic', i];
    const url = r.str([...p, 'url']) ?? '';
    if (!url) r.report('RL120', 'error', p, 'traffic needs a url.');
    const headersObj = r.stringMap([...p, 'headers']);
    const body = r.get([...p, 'bodySize']);
    const bodyBytes = body === undefined ? 0 : (parseNginxSize(String(body)) ?? 0);
    const clients = r.int([...p, 'clients']) ?? 1;
    const durationRaw = r.get([...p, 'duration']);
    return {
      url,
      method: (r.str([...p, 'method']) ?? (bodyBytes > 0 ? 'POST' : 'GET')).toUpperCase(),
      headers: Object.entries(headersObj),
      bodyBytes,
      ratePerSec: rate(r, [...p, 'rate']),
      clients: Math.max(1, clients),
      pattern: oneOf(r, [...p, 'pattern'], PATTERNS, 'constant'),
      startMs: duration(r, [...p, 'start'], 0),
      ...(durationRaw !== undefined
        ? { durationMs: duration(r, [...p, 'duration'], durationMs) }
        : {}),
      source: r.at(p),
    };
  });
  const faults: Fault[] = r.list([...spec, 'faults']).map((_, i) => {
    const p: YamlPath = [...spec, 'faults', i];
    const target = r.str([...p, 'target']);
    const address = r.str([...p, 'address']);
    return {
      atMs: duration(r, [...p, 'at'], 0),
      kind: oneOf(r, [...p, 'type'], FAULTS, 'podCrash'),
      ...(target ? { target } : {}),
      ...(address ? { address } : {}),
      source: r.at(p),
    };
  });
  return {
    name,
    seed,
    durationMs,
    network,
    backends,
    traffic,
    faults: faults.sort((a, b) => a.atMs - b.atMs),
    source: r.at([]),
  };
}
