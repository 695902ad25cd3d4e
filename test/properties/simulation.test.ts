/**
 * Properties of simulate() over small random Scenarios on one fixed cluster (two Services,
 * two controller replicas, a rate limit on one Ingress): conservation, determinism, time
 * order inside each request, no answer before its cause, events in time order, and an early
 * stop that still accounts for every request.
 *
 * Only the public result is used (counts, series, samples, events). With samplesPerOutcome
 * large every request is in `samples`, so per-request checks see all of them.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ALL_SAMPLES, sum, type SimulationResult } from '../helpers/sim.js';
import {
  URLS,
  backendArb,
  faultArb,
  scenarioArb,
  simulateSpec,
  trafficArb,
  type ScenarioSpec,
} from '../helpers/simArbitraries.js';

function expectConservation(r: SimulationResult): void {
  expect(sum(r.outcomes)).toBe(r.requests);
  expect(sum(r.reasons)).toBe(r.requests);
  expect(r.series.reduce((n, s) => n + s.requests, 0)).toBe(r.requests);
  for (const s of r.series) expect(s.errors).toBeLessThanOrEqual(s.requests);
}

/** Time order inside every sampled request, and nothing after the client already has its answer. */
function expectTimeOrder(r: SimulationResult): void {
  for (const s of r.samples) {
    expect(s.latencyMs).toBeGreaterThanOrEqual(0);
    let prev = s.arrivalMs;
    for (const a of s.attempts) {
      expect(a.startMs).toBeLessThanOrEqual(a.endMs);
      // attempts never start before the request arrived nor before the previous one ended
      expect(a.startMs).toBeGreaterThanOrEqual(prev);
      prev = a.endMs;
    }
    // latency is rounded to 0.01 ms
    expect(s.latencyMs + 0.006).toBeGreaterThanOrEqual(prev - s.arrivalMs);
  }
  for (let i = 1; i < r.events.length; i++)
    expect(r.events[i]?.atMs).toBeGreaterThanOrEqual(r.events[i - 1]?.atMs ?? -Infinity);
}

/**
 * No answer before its cause, as far as the result shows it: a client's first request opens
 * its connection; nothing the proxy answers to that client can come back before one TCP round
 * trip (the handshake) plus one more (the request). (TLS would add more; this is a lower bound.)
 */
function expectConnectionCausality(r: SimulationResult, clientRttMs: number): void {
  const first = new Map<string, number>();
  for (const s of [...r.samples].sort((a, b) => a.id - b.id)) {
    if (!first.has(s.client)) first.set(s.client, s.arrivalMs);
    if (s.status === null) continue;
    const opened = first.get(s.client) as number;
    expect(s.arrivalMs + s.latencyMs + 0.006).toBeGreaterThanOrEqual(opened + 2 * clientRttMs);
  }
}

function expectEventCausality(r: SimulationResult): void {
  for (const [i, e] of r.events.entries()) {
    const m = /^ingress-nginx sees (\S+) as/.exec(e.text);
    if (!m) continue;
    const pod = m[1] as string;
    const cause = r.events
      .slice(0, i)
      .some(
        (c) => c.atMs <= e.atMs && c.text.includes(pod) && !c.text.startsWith('ingress-nginx sees'),
      );
    expect(cause, `"${e.text}" at ${e.atMs} without an earlier event about ${pod}`).toBe(true);
  }
}

function clientRttOf(spec: ScenarioSpec): number {
  const n = (spec.network as { clientRtt?: string } | undefined)?.clientRtt;
  return n ? Number(n.replace('ms', '')) : 30;
}

// Each property simulates dozens of random scenarios: on a shared 2-core machine that can take
// several seconds, so the time limit is generous (it guards against hangs, not slowness).
describe('simulate() properties', { timeout: 60_000 }, () => {
  // One property per invariant, so that a counterexample for one does not hide the others.
  const everyRequestRun = (spec: ScenarioSpec): SimulationResult => {
    const r = simulateSpec(spec, { samplesPerOutcome: ALL_SAMPLES });
    expect(r.samples).toHaveLength(r.requests);
    return r;
  };

  it('conservation: requests = Σ outcomes = Σ reasons = Σ series', () => {
    fc.assert(
      fc.property(scenarioArb, (spec) => {
        const r = simulateSpec(spec);
        expect(r.stoppedEarly).toBe(false);
        expectConservation(r);
      }),
      { numRuns: 60, seed: 0x5107 },
    );
  });

  it('time order: attempts in order, none before arrival, none after the client has its answer; events in order', () => {
    fc.assert(
      fc.property(scenarioArb, (spec) => expectTimeOrder(everyRequestRun(spec))),
      { numRuns: 60, seed: 0x7153 },
    );
  });

  it('no answer before its cause: nothing comes back to a client before its connection could exist', () => {
    fc.assert(
      fc.property(scenarioArb, (spec) =>
        expectConnectionCausality(everyRequestRun(spec), clientRttOf(spec)),
      ),
      { numRuns: 60, seed: 0xca05 },
    );
  });

  it('no event before its cause: the proxy sees a pod change only after something happened to the pod', () => {
    fc.assert(
      fc.property(scenarioArb, (spec) => expectEventCausality(simulateSpec(spec))),
      { numRuns: 60, seed: 0xe7e7 },
    );
  });

  it('determinism: the same seed gives a JSON-identical result (fresh cluster each time)', () => {
    fc.assert(
      fc.property(scenarioArb, (spec) => {
        const a = JSON.stringify(simulateSpec(spec));
        const b = JSON.stringify(simulateSpec(spec));
        expect(a).toBe(b);
        // and the seed option overrides the Scenario's seed the same way every time
        const c = JSON.stringify(simulateSpec(spec, { seed: 12345 }));
        expect(JSON.stringify(simulateSpec(spec, { seed: 12345 }))).toBe(c);
      }),
      { numRuns: 30, seed: 0xde7e },
    );
  });

  it('the seed is used: different seeds give different runs of a random workload', () => {
    const spec = {
      seed: 1,
      duration: '5s',
      traffic: [{ url: URLS[0], rate: '50/s', clients: 3, pattern: 'poisson' }],
      backends: [{ service: 'shop/api', latency: { p50: '20ms', p99: '200ms' }, errorRate: 0.2 }],
    };
    const runs = new Set([1, 2, 3].map((seed) => JSON.stringify(simulateSpec({ ...spec, seed }))));
    expect(runs.size).toBe(3);
  });

  it('shouldStop: true after N checks stops early, and every request that entered still has one outcome', () => {
    // Large enough that the loop checks shouldStop several times (every 4096 events).
    const big = fc.record({
      seed: fc.integer({ min: 0, max: 1000 }),
      duration: fc.constant('20s'),
      traffic: fc.array(
        trafficArb.map((t) => ({ ...t, rate: '200/s', pattern: 'constant', start: '0ms' })),
        { minLength: 3, maxLength: 3 },
      ),
      faults: fc.array(faultArb(20_000), { maxLength: 3 }),
      backends: fc.array(backendArb, { maxLength: 3 }),
    });
    fc.assert(
      fc.property(big, fc.integer({ min: 1, max: 2 }), (spec, n) => {
        const full = simulateSpec(spec);
        let calls = 0;
        const r = simulateSpec(spec, { shouldStop: () => ++calls >= n });
        expect(calls).toBe(n);
        expect(r.stoppedEarly).toBe(true);
        expect(r.requests).toBeLessThan(full.requests);
        expectConservation(r);
      }),
      { numRuns: 12, seed: 0x5709 },
    );
  });
});
