/** Streaming metrics: counters, histograms and a per-second series; memory does not grow with requests. */
import type {
  LatencySummary,
  SampledRequest,
  SecondSample,
  SimulationResult,
} from '../model/simulation.js';
import { coarseBucket, latencyBucket, LatencyHistogram } from './histogram.js';
import { clientAddress } from './traffic.js';

/** What the metrics read of a request once its outcome is known: a sample's fields, and times. */
export interface RecordedRequest extends Pick<
  SampledRequest,
  | 'id'
  | 'arrivalMs'
  | 'method'
  | 'url'
  | 'replica'
  | 'route'
  | 'service'
  | 'status'
  | 'reason'
  | 'attempts'
  | 'stages'
> {
  /** When the client has its answer. */
  readonly endMs: number;
  readonly clientIndex: number;
}

/** Coarse per-second percentiles: 5 % buckets from 0.1 ms. */
const SECOND_BINS = 320;

function secondBin(fineBucket: number): number {
  return Math.min(SECOND_BINS - 1, coarseBucket(fineBucket));
}

/**
 * Values by key, made when a key is first seen, with the last key's value kept at hand:
 * consecutive requests mostly share their status, reason, replica and route (the same
 * string objects, compared by identity), so most of them find their counters without a
 * Map lookup.
 */
class Tally<K, V> {
  /** In the order the keys were first seen. */
  readonly byKey = new Map<K, V>();
  private lastKey: K | undefined;
  private last: V | undefined;

  constructor(private readonly make: () => V) {}

  of(key: K): V {
    if (this.last !== undefined && key === this.lastKey) return this.last;
    let value = this.byKey.get(key);
    if (value === undefined) this.byKey.set(key, (value = this.make()));
    this.lastKey = key;
    this.last = value;
    return value;
  }
}

export class Metrics {
  requests = 0;
  retries = 0;
  rateLimited = 0;
  clientHandshakes = 0;
  upstreamHandshakes = 0;
  /** By status; -1 when no HTTP response came back. */
  private readonly outcomes = new Tally<number, { n: number }>(() => ({ n: 0 }));
  private readonly reasons = new Tally<string, { n: number }>(() => ({ n: 0 }));
  // Not a Tally: consecutive attempts go to different pods, and comparing two pod names
  // costs more than the Map lookup it would spare.
  private readonly perPod = new Map<string, { requests: number; errors: number }>();
  private readonly perReplica = new Tally<string, { requests: number }>(() => ({ requests: 0 }));
  private readonly overall = new LatencyHistogram();
  private readonly perRoute = new Tally<string, LatencyHistogram>(() => new LatencyHistogram());
  private readonly secCount: Uint32Array;
  private readonly secErrors: Uint32Array;
  private readonly secBins: Uint32Array;
  private readonly secMax: Float64Array;
  private readonly samples = new Map<string, SampledRequest[]>();

  constructor(
    private readonly seconds: number,
    private readonly samplesPerOutcome: number,
  ) {
    this.secCount = new Uint32Array(seconds);
    this.secErrors = new Uint32Array(seconds);
    this.secBins = new Uint32Array(seconds * SECOND_BINS);
    this.secMax = new Float64Array(seconds);
  }

  record(r: RecordedRequest): void {
    const outcome = this.outcomes.of(r.status ?? -1);
    outcome.n++;
    this.reasons.of(r.reason).n++;
    const failed = r.status === null || r.status >= 500;
    for (const a of r.attempts) {
      if (!a.pod) continue;
      let p = this.perPod.get(a.pod);
      if (!p) this.perPod.set(a.pod, (p = { requests: 0, errors: 0 }));
      p.requests++;
      if (a.outcome !== 'response' || (a.status ?? 200) >= 500) p.errors++;
    }
    if (r.attempts.length > 1) this.retries += r.attempts.length - 1;
    if (r.replica) this.perReplica.of(r.replica).requests++;
    const latency = r.endMs - r.arrivalMs;
    const bucket = latencyBucket(latency);
    this.overall.recordBucket(bucket, latency);
    if (r.route) this.perRoute.of(r.route).recordBucket(bucket, latency);
    const sec = Math.floor(r.arrivalMs / 1000);
    if (sec >= 0 && sec < this.seconds) {
      this.secCount[sec] = (this.secCount[sec] ?? 0) + 1;
      if (failed) this.secErrors[sec] = (this.secErrors[sec] ?? 0) + 1;
      if (latency > (this.secMax[sec] ?? 0)) this.secMax[sec] = latency;
      const i = sec * SECOND_BINS + secondBin(bucket);
      this.secBins[i] = (this.secBins[i] ?? 0) + 1;
    }
    // outcomes already counts this one: a sample is taken while the count is within the limit.
    if (outcome.n <= this.samplesPerOutcome) {
      const key = r.status === null ? 'error' : String(r.status);
      const list = this.samples.get(key) ?? [];
      list.push({
        id: r.id,
        arrivalMs: r.arrivalMs,
        client: clientAddress(r.clientIndex),
        method: r.method,
        url: r.url,
        replica: r.replica,
        route: r.route,
        service: r.service,
        status: r.status,
        reason: r.reason,
        latencyMs: round(latency),
        attempts: r.attempts.map((a) => ({
          ...a,
          startMs: round(a.startMs),
          endMs: round(a.endMs),
        })),
        stages: r.stages,
      });
      this.samples.set(key, list);
    }
  }

  private secondQuantile(sec: number, q: number): number {
    const n = this.secCount[sec] ?? 0;
    if (n === 0) return 0;
    const rank = Math.max(1, Math.ceil(q * n));
    let seen = 0;
    for (let b = 0; b < SECOND_BINS; b++) {
      seen += this.secBins[sec * SECOND_BINS + b] ?? 0;
      // The bucket's upper edge, but never above the largest value seen that second.
      if (seen >= rank) return round(Math.min(this.secMax[sec] ?? 0, 0.1 * 1.05 ** (b + 1)));
    }
    return 0;
  }

  result(
    base: Pick<
      SimulationResult,
      'scenario' | 'seed' | 'durationMs' | 'stoppedEarly' | 'stoppedAtMs' | 'events'
    >,
  ): SimulationResult {
    const summary = (h: LatencyHistogram): LatencySummary => ({
      p50: h.quantile(0.5),
      p95: h.quantile(0.95),
      p99: h.quantile(0.99),
      max: round(h.max),
    });
    const sorted = <T>(m: Map<string, T>): Record<string, T> =>
      Object.fromEntries([...m.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    const series: SecondSample[] = [];
    for (let s = 0; s < this.seconds; s++)
      series.push({
        second: s,
        requests: this.secCount[s] ?? 0,
        errors: this.secErrors[s] ?? 0,
        p50: this.secondQuantile(s, 0.5),
        p99: this.secondQuantile(s, 0.99),
      });
    return {
      ...base,
      requests: this.requests,
      outcomes: sorted(
        new Map([...this.outcomes.byKey].map(([k, c]) => [k === -1 ? 'error' : String(k), c.n])),
      ),
      reasons: sorted(new Map([...this.reasons.byKey].map(([k, c]) => [k, c.n]))),
      retries: this.retries,
      rateLimited: this.rateLimited,
      handshakes: { client: this.clientHandshakes, upstream: this.upstreamHandshakes },
      perPod: sorted(this.perPod),
      perReplica: sorted(this.perReplica.byKey),
      latencyMs: summary(this.overall),
      perRoute: Object.fromEntries(
        [...this.perRoute.byKey.entries()]
          .sort(([a], [b]) => (a < b ? -1 : 1))
          .map(([k, h]) => [k, { requests: h.count, latencyMs: summary(h) }]),
      ),
      series,
      samples: [...this.samples.entries()]
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .flatMap(([, v]) => v),
    };
  }
}

function round(ms: number): number {
  return Math.round(ms * 100) / 100;
}
