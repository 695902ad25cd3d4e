/**
 * simulate() against what the real components do, one behaviour at a time, each with the
 * answer ingress-nginx / nginx gives and its source.
 *
 * Sources (tags as in semantics.md):
 *  [INX-CM]  ingress-nginx ConfigMap defaults (semantics.md B5): proxy-read-timeout 60 (between
 *            two reads), proxy-next-upstream "error timeout", proxy-next-upstream-tries 3,
 *            upstream-keepalive-connections 320, upstream-keepalive-timeout 60, keep-alive 75.
 *  [NGX]     nginx src/http/ngx_http_upstream.c ngx_http_upstream_next: timeout → 504, other
 *            errors → 502; POST/LOCK/PATCH not passed on once sent (FT_NON_IDEMPOTENT);
 *            `if (u->peer.cached && ft_type == NGX_HTTP_UPSTREAM_FT_ERROR) u->peer.tries++`;
 *            ngx_http_upstream_process_header: "upstream prematurely closed connection" → FT_ERROR;
 *            proxy_next_upstream docs: "error: an error occurred while establishing a connection
 *            with the server, passing a request to it, or reading the response header".
 *  [INX]     balancer.lua BACKENDS_SYNC_INTERVAL = 1 (endpoint changes reach the workers within a
 *            second, without a reload); endpointslices.go skips ready=false; no endpoints → 503.
 *  [INX-ANN] canary-weight: math.random(100) <= weight; upstream-hash-by consistent hashing;
 *            load-balance round_robin default (semantics.md B8).
 *  [INX-TPL] `keepalive` in upstream_balancer only when upstream-keepalive-connections > 0;
 *            keepalive_timeout from keep-alive (0 disables client keep-alive).
 */
import { describe, expect, it } from 'vitest';
import {
  ALL_SAMPLES,
  HOST,
  URL,
  appYaml,
  clusterOf,
  count,
  everyRequest,
  run,
  scenarioYaml,
  sum,
  type SampledRequest,
  type SimulationResult,
} from '../../../test/helpers/sim.js';
import { simulate } from '../index.js';
import { LB_DETECTION_MS, RESTART_MS } from './world.js';

const all = { samplesPerOutcome: ALL_SAMPLES };
const get = (rate: string, extra: Record<string, unknown> = {}) => ({
  url: URL,
  method: 'GET',
  rate,
  clients: 1,
  ...extra,
});
const post = (rate: string, extra: Record<string, unknown> = {}) => ({
  ...get(rate, extra),
  method: 'POST',
});
const end = (s: SampledRequest): number => s.arrivalMs + s.latencyMs;
const eventAt = (r: SimulationResult, text: string): number | undefined =>
  r.events.find((e) => e.text === text)?.atMs;

/** Client-side facts of every request that are true whatever the engine does inside. */
function expectCausal(r: SimulationResult): void {
  for (const s of r.samples) {
    let prev = s.arrivalMs;
    for (const a of s.attempts) {
      expect(a.startMs).toBeGreaterThanOrEqual(prev);
      expect(a.endMs).toBeGreaterThanOrEqual(a.startMs);
      prev = a.endMs;
    }
    // The client cannot have its answer before the last attempt ended (0.01 ms: latencies are rounded).
    const last = s.attempts[s.attempts.length - 1];
    if (last) expect(end(s) + 0.01).toBeGreaterThanOrEqual(last.endMs);
  }
}

describe('(a) read timeout: a pod that takes 90 s', () => {
  const slow = { backends: [{ service: 'shop/api', latency: '90s' }] };

  it('GET: 504, each of the 3 tries ends at 60 s of read timeout, the client waits ≈ 180 s', () => {
    // proxy-read-timeout 60 s between two reads; the pod sends nothing for 90 s → timeout on
    // each try; "error timeout" and 3 tries, GET is idempotent → tried 3 times ([INX-CM], [NGX]).
    const r = run({}, { seed: 1, duration: '2s', ...slow, traffic: [get('1/s')] }, all);
    expect(r.requests).toBe(2);
    expect(r.outcomes).toEqual({ '504': 2 });
    expect(r.reasons).toEqual({ timeout: 2 });
    expect(r.retries).toBe(4);
    for (const s of everyRequest(r)) {
      expect(s.attempts.map((a) => a.outcome)).toEqual(['timeout', 'timeout', 'timeout']);
      // Two different pods first (the balancer moves on), then back to the first.
      expect(new Set(s.attempts.map((a) => a.pod)).size).toBe(2);
      for (const a of s.attempts) {
        expect(a.endMs - a.startMs).toBeGreaterThanOrEqual(60_000);
        expect(a.endMs - a.startMs).toBeLessThanOrEqual(60_000 + 1 /* pod RTT (TCP connect) */);
      }
      expect(s.latencyMs).toBeGreaterThanOrEqual(180_000);
      expect(s.latencyMs).toBeLessThan(180_200);
    }
    expectCausal(r);
  });

  it('POST: 504 after one try of 60 s (not passed on once sent)', () => {
    const r = run({}, { seed: 1, duration: '2s', ...slow, traffic: [post('1/s')] }, all);
    expect(r.outcomes).toEqual({ '504': 2 });
    expect(r.retries).toBe(0);
    for (const s of everyRequest(r)) {
      expect(s.attempts).toHaveLength(1);
      expect(s.latencyMs).toBeGreaterThanOrEqual(60_000);
      expect(s.latencyMs).toBeLessThan(60_200);
    }
  });

  it('proxy-read-timeout "300": 200 after ≈ 90 s, one try', () => {
    const r = run(
      { annotations: { 'proxy-read-timeout': '300' } },
      { seed: 1, duration: '2s', ...slow, traffic: [get('1/s')] },
      all,
    );
    expect(r.outcomes).toEqual({ '200': 2 });
    expect(r.retries).toBe(0);
    for (const s of everyRequest(r)) {
      expect(s.attempts).toHaveLength(1);
      expect(s.latencyMs).toBeGreaterThanOrEqual(90_000);
      expect(s.latencyMs).toBeLessThan(90_200);
    }
  });
});

describe('(b, c) connection errors and retries', () => {
  const resetting = { backends: [{ pod: 'api-a', behavior: 'reset' }] };
  const refusing = { backends: [{ pod: 'api-a', behavior: 'refuse' }] };

  it('(b) POST to a resetting pod: 502 after one attempt; the other pod answers the rest', () => {
    // Reset after the request was sent: FT_ERROR | FT_NON_IDEMPOTENT for POST → no next
    // upstream; a non-timeout error is 502 ([NGX]).
    const r = run({}, { seed: 1, duration: '1s', ...resetting, traffic: [post('10/s')] }, all);
    expect(r.requests).toBe(10);
    // Round robin over two pods: half the requests start on api-a.
    expect(r.outcomes).toEqual({ '200': 5, '502': 5 });
    expect(r.retries).toBe(0);
    for (const s of everyRequest(r)) {
      expect(s.attempts).toHaveLength(1);
      if (s.status === 502) expect(s.attempts[0]).toMatchObject({ pod: 'api-a', outcome: 'reset' });
      else expect(s.attempts[0]).toMatchObject({ pod: 'api-b', outcome: 'response' });
    }
    expect(r.perPod['api-a']).toEqual({ requests: 5, errors: 5 });
  });

  it('(b) GET to one resetting and one healthy pod: every request succeeds, retries counted', () => {
    const r = run({}, { seed: 1, duration: '1s', ...resetting, traffic: [get('10/s')] }, all);
    expect(r.outcomes).toEqual({ '200': 10 });
    expect(r.retries).toBe(5);
    for (const s of everyRequest(r)) {
      const path = s.attempts.map((a) => [a.pod, a.outcome]);
      if (s.attempts.length === 2)
        expect(path).toEqual([
          ['api-a', 'reset'],
          ['api-b', 'response'],
        ]);
      else expect(path).toEqual([['api-b', 'response']]);
    }
    expectCausal(r);
  });

  it('(c) a refusing pod is retried even for POST: nothing was sent', () => {
    // Connection refused happens before the request is sent, so u->request_sent is 0 and
    // FT_NON_IDEMPOTENT is not added ([NGX]).
    const r = run({}, { seed: 1, duration: '1s', ...refusing, traffic: [post('10/s')] }, all);
    expect(r.outcomes).toEqual({ '200': 10 });
    expect(r.retries).toBe(5);
    for (const s of everyRequest(r))
      if (s.attempts.length === 2)
        expect(s.attempts.map((a) => [a.pod, a.outcome])).toEqual([
          ['api-a', 'refused'],
          ['api-b', 'response'],
        ]);
  });

  it('a service whose only pod refuses: 502 after the tries (each try on the same pod)', () => {
    const r = run(
      { pods: ['api-a'] },
      { seed: 1, duration: '1s', ...refusing, traffic: [get('2/s')] },
      all,
    );
    expect(r.outcomes).toEqual({ '502': 2 });
    for (const s of everyRequest(r)) expect(s.attempts).toHaveLength(3);
  });
});

describe('(d) a pod crashes', () => {
  const crash = (extra: Record<string, unknown> = {}) => ({
    seed: 3,
    duration: '16s',
    backends: [{ service: 'shop/api', latency: '20ms' }],
    faults: [{ type: 'podCrash', target: 'api-a', at: '2s' }],
    traffic: [get('10/s')],
    ...extra,
  });

  it('before the endpoint sync GETs are retried to the healthy pod; after it, no traffic until the pod is back', () => {
    const r = run({}, crash(), all);
    const crashedAt = eventAt(r, 'api-a crashes');
    const seen = eventAt(r, 'ingress-nginx sees api-a as not ready');
    const back = eventAt(r, 'ingress-nginx sees api-a as ready');
    expect(crashedAt).toBe(2000);
    expect(eventAt(r, 'api-a restarted')).toBe(2000 + RESTART_MS);
    // The proxy hears of it at its next sync: within ~1.1 s (informer + 1 s sync) ([INX]).
    expect(seen).toBeGreaterThan(2000);
    expect(seen).toBeLessThanOrEqual(2000 + 1100);
    expect(back).toBeGreaterThanOrEqual(2000 + RESTART_MS);
    expect(back).toBeLessThanOrEqual(2000 + RESTART_MS + 1100);

    expect(r.outcomes).toEqual({ '200': r.requests });
    let refusedThenRetried = 0;
    for (const s of everyRequest(r)) {
      for (const a of s.attempts) {
        if (a.pod !== 'api-a') continue;
        if (a.startMs >= 2000 && a.startMs < (seen as number)) {
          expect(a.outcome).toBe('refused');
          refusedThenRetried++;
        }
        // After the sync and until the proxy sees the pod ready again: no attempt at all.
        expect(a.startMs >= (seen as number) && a.startMs < (back as number)).toBe(false);
      }
      if (s.attempts[0]?.pod === 'api-a' && s.attempts[0].outcome === 'refused')
        expect(s.attempts[1]).toMatchObject({ pod: 'api-b', outcome: 'response' });
    }
    expect(refusedThenRetried).toBeGreaterThan(0);
    expect(r.retries).toBe(refusedThenRetried);
    // And it takes traffic again once the proxy has it back.
    expect(
      everyRequest(r).some((s) =>
        s.attempts.some((a) => a.pod === 'api-a' && a.startMs >= (back as number)),
      ),
    ).toBe(true);
    expectCausal(r);
  });

  it('GETs in flight on the pod when it dies are retried on the healthy pod (not 502)', () => {
    // The container dies: the kernel closes its sockets, nginx reads EOF/RST while waiting for
    // the response header → "upstream prematurely closed connection" → FT_ERROR → a GET goes to
    // the next upstream ([NGX] ngx_http_upstream_process_header, proxy_next_upstream "error").
    const r = run(
      {},
      crash({ backends: [{ service: 'shop/api', latency: '500ms' }], duration: '4s' }),
      all,
    );
    // Requests with an attempt on api-a under way at 2 s.
    const inFlight = everyRequest(r).filter((s) =>
      s.attempts.some((a) => a.pod === 'api-a' && a.startMs < 2000 && a.endMs >= 2000),
    );
    expect(inFlight.length).toBeGreaterThan(0);
    for (const s of inFlight)
      expect(s.attempts[s.attempts.length - 1]).toMatchObject({
        pod: 'api-b',
        outcome: 'response',
      });
    expect(r.outcomes).toEqual({ '200': r.requests });
    expectCausal(r);
  });

  it('POSTs in flight on the pod when it dies: 502, the attempt ends at the crash', () => {
    const r = run(
      {},
      crash({
        backends: [{ service: 'shop/api', latency: '500ms' }],
        duration: '4s',
        traffic: [post('10/s')],
      }),
      all,
    );
    const failed = everyRequest(r).filter((s) => s.status === 502);
    expect(failed.length).toBeGreaterThan(0);
    for (const s of failed) {
      expect(s.arrivalMs).toBeLessThan(2000);
      expect(s.attempts).toHaveLength(1);
      expect(s.attempts[0]?.pod).toBe('api-a');
      // The attempt ends when the connection dies (plus at most the pod RTT for the FIN),
      // and the client has the 502 after that.
      expect(s.attempts[0]?.endMs).toBeGreaterThanOrEqual(2000);
      expect(s.attempts[0]?.endMs).toBeLessThanOrEqual(2001);
      expect(end(s) + 0.01).toBeGreaterThanOrEqual(s.attempts[0]?.endMs ?? Infinity);
    }
  });

  it('a request sent just before the crash that reaches nginx after it is refused and retried, not failed early', () => {
    // Sent at 1990 ms; with DNS (12) and TCP (30) it reaches nginx at 2047.3 ms, 47 ms after
    // api-a died. api-a refuses the connection (nothing listens), the GET moves to api-b.
    const r = run({}, crash({ traffic: [get('1/s', { start: '1990ms' })], duration: '3s' }), all);
    expect(r.requests).toBe(2);
    expect(r.outcomes).toEqual({ '200': 2 });
    const onA = everyRequest(r).flatMap((s) => s.attempts.filter((a) => a.pod === 'api-a'));
    expect(onA.length).toBeGreaterThan(0);
    for (const a of onA) expect(a.outcome).toBe('refused');
    expectCausal(r);
  });
});

describe('(e) readiness', () => {
  const notReady = (extra: Record<string, unknown> = {}) => ({
    seed: 1,
    duration: '8s',
    backends: [
      {
        service: 'shop/api',
        latency: '20ms',
        readiness: [
          { at: '2s', ready: false },
          { at: '5s', ready: true },
        ],
      },
    ],
    traffic: [get('10/s')],
    ...extra,
  });

  it('all pods not ready → 503 "no endpoints" from the next sync until the sync after they are back', () => {
    const r = run({}, notReady(), all);
    const off = eventAt(r, 'ingress-nginx sees api-a as not ready');
    const on = eventAt(r, 'ingress-nginx sees api-a as ready');
    expect(off).toBe(3000);
    expect(on).toBe(6000);
    expect(eventAt(r, 'ingress-nginx sees api-b as not ready')).toBe(3000);
    // Between 2 s and 3 s the pods fail their probe but the proxy still sends to them, and
    // a pod that is not ready still answers.
    for (const s of everyRequest(r)) {
      const atNginx = s.arrivalMs + 15.3;
      if (atNginx >= 3000 && atNginx < 6000) {
        expect(s.status).toBe(503);
        expect(s.reason).toBe('no endpoints');
        expect(s.attempts).toEqual([]);
      } else expect(s.status).toBe(200);
    }
    expect(r.outcomes).toEqual({ '200': 50, '503': 30 });
  });

  it('what counts is when the request reaches nginx (client RTT 400 ms)', () => {
    // One request a second from 0.8 s, on one kept-alive connection (each takes ~420 ms).
    // Half an RTT = 200 ms (+0.3 processing): the request sent at 2.8 s reaches nginx at
    // 3000.3 ms, after the sync at 3 s, and gets the 503; the one sent at 5.8 s reaches it at
    // 6000.3 ms, after the sync that brings the pods back: 200.
    const r = run(
      {},
      notReady({ network: { clientRtt: '400ms' }, traffic: [get('1/s', { start: '800ms' })] }),
      all,
    );
    expect(everyRequest(r).map((s) => [s.arrivalMs, s.status])).toEqual([
      [800, 200],
      [1800, 200],
      [2800, 503],
      [3800, 503],
      [4800, 503],
      [5800, 200],
      [6800, 200],
      [7800, 200],
    ]);
  });
});

describe('(f) upstream keep-alive', () => {
  // One pod whose idle connections close after 4.98 s (shorter than nginx's 60 s
  // upstream-keepalive-timeout), a request every 5 s, latency around 20 ms: the time between
  // the end of one response and the next request is 5000 − 1 − latency, i.e. scattered around
  // 4.98 s. Sometimes nginx reuses the connection just as the pod closes it.
  const nearTimeout = (traffic: Record<string, unknown>) => ({
    seed: 11,
    duration: '2000s',
    backends: [{ pod: 'api-a', latency: { p50: '20ms', p99: '60ms' }, keepAliveTimeout: '4980ms' }],
    traffic: [traffic],
  });

  it('a stale connection: GETs are retried on a new connection and succeed, POSTs become 502', () => {
    const g = run({ pods: ['api-a'] }, nearTimeout(get('12/m')), all);
    const p = run({ pods: ['api-a'] }, nearTimeout(post('12/m')), all);
    expect(g.requests).toBe(400);
    expect(g.outcomes).toEqual({ '200': 400 });
    // Some requests met a connection the pod had just closed …
    const retried = everyRequest(g).filter((s) => s.attempts.length > 1);
    expect(retried.length).toBeGreaterThan(0);
    expect(g.retries).toBe(retried.length);
    for (const s of retried)
      expect(s.attempts.map((a) => a.outcome)).toEqual(['reset', 'response']);
    // … with POST (same traffic) such a request is not passed on once sent → 502 ("upstream
    // prematurely closed connection"), one attempt each, never retried.
    const failed = everyRequest(p).filter((s) => s.status === 502);
    expect(failed.length).toBeGreaterThan(0);
    for (const s of failed) expect(s.attempts.map((a) => a.outcome)).toEqual(['reset']);
    expect(p.retries).toBe(0);
    expect(count(p.outcomes, '200') + failed.length).toBe(400);
  });

  it('an error on a cached connection does not use up a try: GETs succeed even with proxy-next-upstream-tries "1"', () => {
    // [NGX] ngx_http_upstream_next: if (u->peer.cached && ft_type == NGX_HTTP_UPSTREAM_FT_ERROR)
    // u->peer.tries++ — nginx tries again on a new connection.
    const g = run(
      { pods: ['api-a'], annotations: { 'proxy-next-upstream-tries': '1' } },
      nearTimeout(get('12/m')),
      all,
    );
    expect(g.outcomes).toEqual({ '200': 400 });
  });

  it('upstream-keepalive-connections "0": one upstream handshake per attempt; with keep-alive, far fewer', () => {
    const scenario = { seed: 5, duration: '10s', traffic: [get('20/s', { clients: 4 })] };
    const off = run({ configMap: { 'upstream-keepalive-connections': '0' } }, scenario);
    const on = run({}, scenario);
    const attempts = (r: SimulationResult) =>
      sum(Object.fromEntries(Object.entries(r.perPod).map(([k, v]) => [k, v.requests])));
    expect(off.outcomes).toEqual({ '200': 200 });
    expect(attempts(off)).toBe(200);
    expect(off.handshakes.upstream).toBe(attempts(off));
    expect(on.outcomes).toEqual({ '200': 200 });
    // 20 requests a second, ~20 ms each: a connection or two per pod is enough.
    expect(on.handshakes.upstream).toBeLessThanOrEqual(10);
  });
});

describe('(g) client connections and reloads', () => {
  const steady = (faults: unknown[] = []) => ({
    seed: 2,
    duration: '10s',
    traffic: [get('20/s', { clients: 5 })],
    faults,
  });

  it('controllerReload: every client reconnects once, no request fails', () => {
    const before = run({}, steady());
    const r = run({}, steady([{ type: 'controllerReload', at: '5s' }]));
    expect(before.handshakes.client).toBe(5);
    expect(r.handshakes.client).toBe(10);
    expect(r.outcomes).toEqual({ '200': r.requests });
    expect(r.events.some((e) => e.atMs === 5000 && e.text.startsWith('controller reload'))).toBe(
      true,
    );
    // The new workers start with empty upstream pools.
    expect(r.handshakes.upstream).toBeGreaterThan(before.handshakes.upstream);
  });

  it('keep-alive "0" in the ConfigMap: nginx closes every client connection, one handshake per request', () => {
    // [INX-CM] keep-alive 0 disables client keep-alive (keepalive_timeout 0): each request
    // comes on a new connection, however fast the client sends (here one client, a request
    // every 10 ms, each taking ~65 ms: several are under way at once).
    const r = run(
      { configMap: { 'keep-alive': '0' } },
      { seed: 2, duration: '1s', traffic: [get('100/s')] },
    );
    expect(r.requests).toBe(100);
    expect(r.handshakes.client).toBe(100);
  });

  it('a request cannot use a connection before that connection exists', () => {
    // One client, a request every 10 ms from 0 ms. Whatever connection a request goes on, it
    // needs the DNS answer (12 ms, the first lookup) and a TCP handshake (30 ms) first: nothing
    // of this client reaches nginx before 12 + 30 + 15 (½ RTT) = 57 ms, and no answer is back
    // before one more round trip.
    const r = run({}, { seed: 1, duration: '100ms', traffic: [get('100/s')] }, all);
    for (const s of everyRequest(r)) {
      expect(s.attempts[0]?.startMs).toBeGreaterThanOrEqual(57);
      expect(end(s)).toBeGreaterThanOrEqual(72);
    }
  });
});

describe('(h) a controller replica is lost', () => {
  it('in-flight requests on it fail, new connections to it fail until the health check, then all succeed', () => {
    const yaml = appYaml({ controllerReplicas: 2 });
    const probe = clusterOf(yaml);
    const [lost, kept] = probe.controllers[0]?.replicas ?? [];
    expect(kept).toBeDefined();
    const cluster = clusterOf(
      yaml,
      scenarioYaml({
        seed: 4,
        duration: '40s',
        backends: [{ service: 'shop/api', latency: '300ms' }],
        traffic: [get('20/s', { clients: 10 })],
        faults: [{ type: 'replicaLost', target: lost, at: '5s' }],
      }),
    );
    const r = simulate(cluster, all);
    const lostAt = eventAt(r, `controller replica ${lost} lost`);
    const outAt = eventAt(r, `the load balancer's health check takes ${lost} out of rotation`);
    expect(lostAt).toBe(5000);
    expect(outAt).toBe(5000 + LB_DETECTION_MS);

    const reqs = everyRequest(r);
    const inFlight = reqs.filter((s) => s.reason === 'controller replica lost');
    expect(inFlight.length).toBeGreaterThan(0);
    for (const s of inFlight) {
      expect(s.status).toBeNull();
      expect(s.replica).toBe(lost);
      expect(s.arrivalMs).toBeLessThan(5000);
      expect(end(s)).toBeCloseTo(5000, 5);
    }
    const refused = reqs.filter((s) => s.reason === 'connection failed');
    expect(refused.length).toBeGreaterThan(0);
    for (const s of refused) {
      expect(s.status).toBeNull();
      expect(s.replica).toBe(lost);
      expect(s.arrivalMs).toBeGreaterThanOrEqual(5000);
      expect(s.arrivalMs).toBeLessThan(5000 + LB_DETECTION_MS);
    }
    for (const s of reqs) {
      if (s.replica === kept) expect(s.status).toBe(200);
      if (s.arrivalMs >= 5000 + LB_DETECTION_MS) {
        expect(s.status).toBe(200);
        expect(s.replica).toBe(kept);
      }
    }
    expect(sum(r.outcomes)).toBe(r.requests);
  });

  it('a request cut short by the loss shows no attempt going on after the client had its error', () => {
    // The nginx process is gone: its attempts to the pods end with it. (The engine keeps the
    // attempts it had planned, ending after the request did.)
    const yaml = appYaml({ controllerReplicas: 2 });
    const [lost] = clusterOf(yaml).controllers[0]?.replicas ?? [];
    const r = simulate(
      clusterOf(
        yaml,
        scenarioYaml({
          seed: 4,
          duration: '6s',
          backends: [{ service: 'shop/api', latency: '300ms' }],
          traffic: [get('20/s', { clients: 10 })],
          faults: [{ type: 'replicaLost', target: lost, at: '5s' }],
        }),
      ),
      all,
    );
    expect(count(r.reasons, 'controller replica lost')).toBeGreaterThan(0);
    expectCausal(r);
  });
});

describe('(i) balancing', () => {
  it('canary-weight 20: about 20 % of requests go to the canary service', () => {
    const r = run(
      { canary: { weight: 20 } },
      { seed: 9, duration: '50s', traffic: [get('20/s', { clients: 5 })] },
    );
    expect(r.requests).toBe(1000);
    const canary = r.perPod['canary-a']?.requests ?? 0;
    // Binomial(1000, 0.2): sd ≈ 12.6; ±40 is more than 3 sd.
    expect(canary).toBeGreaterThanOrEqual(160);
    expect(canary).toBeLessThanOrEqual(240);
    // The main service's requests are still balanced round robin between its two pods.
    const a = r.perPod['api-a']?.requests ?? 0;
    const b = r.perPod['api-b']?.requests ?? 0;
    expect(a + b + canary).toBe(1000);
    expect(Math.abs(a - b)).toBeLessThanOrEqual(1);
  });

  it('round robin spreads evenly over the pods (±1)', () => {
    const r = run(
      { pods: ['api-a', 'api-b', 'api-c'] },
      { seed: 1, duration: '10s', traffic: [get('10/s', { clients: 3 })] },
    );
    const counts = Object.values(r.perPod).map((p) => p.requests);
    expect(counts).toHaveLength(3);
    expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(1);
    expect(counts.reduce((x, y) => x + y, 0)).toBe(100);
  });

  it('upstream-hash-by "$request_uri": one URI always goes to one pod', () => {
    const uris = ['/a', '/b', '/c', '/d', '/e', '/f', '/g', '/h'];
    const r = run(
      { pods: ['api-a', 'api-b', 'api-c'], annotations: { 'upstream-hash-by': '$request_uri' } },
      {
        seed: 1,
        duration: '5s',
        traffic: uris.map((u) => ({ url: `http://${HOST}${u}`, rate: '4/s', clients: 3 })),
      },
      all,
    );
    const podsOf = new Map<string, Set<string>>();
    for (const s of everyRequest(r)) {
      expect(s.attempts).toHaveLength(1);
      const set = podsOf.get(s.url) ?? new Set<string>();
      set.add(s.attempts[0]?.pod ?? '');
      podsOf.set(s.url, set);
    }
    expect(podsOf.size).toBe(uris.length);
    for (const set of podsOf.values()) expect(set.size).toBe(1);
    // … and the URIs are not all on one pod.
    expect(new Set([...podsOf.values()].map((s) => [...s][0])).size).toBeGreaterThan(1);
  });
});

describe('(j) answers that need no pod', () => {
  it('an Ingress without a class is ignored by ingress-nginx: every request 404 "no route"', () => {
    const r = run(
      { ingressClassName: null },
      { seed: 1, duration: '2s', traffic: [get('10/s')] },
      all,
    );
    expect(r.outcomes).toEqual({ '404': 20 });
    expect(r.reasons).toEqual({ 'no route': 20 });
    for (const s of everyRequest(r)) expect(s.attempts).toEqual([]);
  });

  it('a name no DNS record exists for: every request ends in error, reason "dns failure"', () => {
    const r = run(
      {},
      { seed: 1, duration: '2s', traffic: [get('10/s', { url: 'http://nowhere.example.com/' })] },
      all,
    );
    expect(r.outcomes).toEqual({ error: 20 });
    expect(r.reasons).toEqual({ 'dns failure': 20 });
    for (const s of everyRequest(r)) {
      expect(s.status).toBeNull();
      expect(s.replica).toBeNull();
    }
  });
});

describe('(k) what comes out', () => {
  it('samples are bounded per outcome and series has one entry per second summing to requests', () => {
    const r = run(
      {},
      {
        seed: 6,
        duration: '7.5s',
        backends: [{ pod: 'api-a', errorRate: 0.3, errorStatus: 500 }],
        traffic: [get('40/s', { clients: 4, pattern: 'poisson' })],
      },
      { samplesPerOutcome: 2 },
    );
    const perOutcome = new Map<string, number>();
    for (const s of r.samples) {
      const k = s.status === null ? 'error' : String(s.status);
      perOutcome.set(k, (perOutcome.get(k) ?? 0) + 1);
    }
    for (const [k, n] of perOutcome) {
      expect(n).toBeLessThanOrEqual(2);
      expect(r.outcomes[k]).toBeGreaterThanOrEqual(n);
    }
    expect(Object.keys(r.outcomes).length).toBeGreaterThan(1);
    expect(r.series.map((s) => s.second)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(sum(Object.fromEntries(r.series.map((s) => [s.second, s.requests])))).toBe(r.requests);
    expect(sum(r.outcomes)).toBe(r.requests);
    expect(sum(r.reasons)).toBe(r.requests);
  });
});
