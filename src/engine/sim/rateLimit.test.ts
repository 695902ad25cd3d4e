/**
 * NginxLimitReq against an independent model of nginx's C code (test/helpers/simLimitReq.ts,
 * written from ngx_http_limit_req_module.c), then the rate limit inside simulate():
 * the "100 requests in one second with limit-rps 2", per replica, per client IP,
 * and limit-req-status-code.
 *
 * Sources: [NGX] nginx/nginx src/http/modules/ngx_http_limit_req_module.c
 * (ngx_http_limit_req_zone, ngx_http_limit_req, ngx_http_limit_req_lookup,
 * ngx_http_limit_req_expire); https://nginx.org/en/docs/http/ngx_http_limit_req_module.html;
 * semantics.md B4 (status 503, limit-req-status-code is ConfigMap-only), B5, B7 (burst =
 * rate × limit-burst-multiplier (default 5), always nodelay, key $binary_remote_addr,
 * per controller replica).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LimitReqOracle } from '../../../test/helpers/simLimitReq.js';
import { ALL_SAMPLES, URL, everyRequest, run } from '../../../test/helpers/sim.js';
import { NginxLimitReq } from './rateLimit.js';

interface Arrival {
  readonly key: number;
  readonly at: number;
}

function engineVector(
  rate: number,
  unit: 'rps' | 'rpm',
  burst: number,
  arrivals: readonly Arrival[],
): boolean[] {
  const l = new NginxLimitReq(rate, unit, burst);
  return arrivals.map((a) => l.allow(a.key, a.at));
}

function oracleVector(
  rate: number,
  unit: 'rps' | 'rpm',
  burst: number,
  arrivals: readonly Arrival[],
  expire = true,
): boolean[] {
  const o = new LimitReqOracle(rate, unit, burst, { expire });
  // ngx_current_msec is whole milliseconds.
  return arrivals.map((a) => o.lookup(a.key, Math.floor(a.at)));
}

const at = (times: readonly number[], key = 1): Arrival[] => times.map((t) => ({ key, at: t }));
const accepted = (v: readonly boolean[]): number[] => v.flatMap((ok, i) => (ok ? [i] : []));

describe('NginxLimitReq follows ngx_http_limit_req_lookup', () => {
  it('the issue example by hand: limit-rps 2 (burst 10, nodelay), 100 requests 10 ms apart', () => {
    // rate = 2 r/s → ctx->rate = 2000; burst = 2 × 5 = 10 → limit->burst = 10000.
    // Request 0 creates the node: excess 0, passes.
    // Each later request, 10 ms after an accepted one: excess + 1000 − 2000·10/1000 = excess + 980.
    //   requests 1..10 → excess 980, 1960, …, 9800 (all ≤ 10000): pass.
    //   request 11 → 9800 + 980 = 10780 > 10000: refused, and the node is not updated
    //   (last stays at request 10's time), so the drain keeps counting from there.
    // Request 10 + k is accepted once 9800 − 2·(10k) + 1000 ≤ 10000 ⇔ 20k ≥ 800 ⇔ k ≥ 40:
    //   request 50 → 9800 − 800 + 1000 = 10000: passes, excess 10000.
    // The next one needs 10000 − 2·(10k) + 1000 ≤ 10000 ⇔ k ≥ 50 → request 100: beyond the second.
    // So nginx lets 12 of the 100 through: requests 0..10 and 50.
    const times = Array.from({ length: 100 }, (_, i) => 1000 + i * 10);
    const want = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 50];
    expect(accepted(oracleVector(2, 'rps', 10, at(times)))).toEqual(want);
    expect(accepted(engineVector(2, 'rps', 10, at(times)))).toEqual(want);
  });

  it('burst B lets B+1 simultaneous requests through, then one every 1/rate (nginx docs; B7)', () => {
    // limit-rps 5 → burst 25: 26 at once, then one per 200 ms.
    const times = [...Array.from({ length: 40 }, () => 1000), 1199, 1200, 1201, 1399, 1400];
    const v = engineVector(5, 'rps', 25, at(times));
    expect(v).toEqual(oracleVector(5, 'rps', 25, at(times)));
    expect(accepted(v)).toEqual([
      ...Array.from({ length: 26 }, (_, i) => i),
      41, // 1200: 25000 − 5000·200/1000 + 1000 = 25000
      44, // 1400
    ]);
  });

  it('r/m is rate × 1000 / 60, truncated: limit-rpm 7 drains 116 (not 116.67) per second', () => {
    // burst 1 (1000): two at t=0 (excess 0, then 1000). The third passes when
    // 1000 − ⌊116·ms/1000⌋ + 1000 ≤ 1000 ⇔ 116·ms ≥ 1 000 000 ⇔ ms ≥ 8621 (8572 with 116.67).
    const times = [0, 0, 8600, 8620, 8621];
    const v = engineVector(7, 'rpm', 1, at(times));
    expect(v).toEqual(oracleVector(7, 'rpm', 1, at(times)));
    expect(v).toEqual([true, true, false, false, true]);
  });

  it('a refused request does not move lr->last (the drain counts from the last accepted one)', () => {
    // 1 r/s, burst 1. If refusals updated last, the request at 1000 would see ms = 1 and fail.
    const times = [0, 0, 500, 999, 1000];
    const v = engineVector(1, 'rps', 1, at(times));
    expect(v).toEqual(oracleVector(1, 'rps', 1, at(times)));
    expect(v).toEqual([true, true, false, false, true]);
  });

  it('time going backwards: ms < 0 counts as 0 and lr->last stays (if (ms) lr->last = now)', () => {
    // 10 r/s (10 per ms), burst 1. 100: new. 50: ms = −50 → 0, excess 1000, last stays 100.
    // 150: ms = 50 → 1000 − 500 + 1000 = 1500 > 1000 refused (with last = 50 it would pass).
    const times = [100, 50, 150, 200];
    const v = engineVector(10, 'rps', 1, at(times));
    expect(v).toEqual(oracleVector(10, 'rps', 1, at(times)));
    expect(v).toEqual([true, true, false, true]);
  });

  it('ms < −60000 counts as 1 ms', () => {
    const times = [100_000, 0, 0, 1];
    const v = engineVector(1, 'rps', 2, at(times));
    expect(v).toEqual(oracleVector(1, 'rps', 2, at(times)));
  });

  it('fractional simulated times are read as whole milliseconds (ngx_current_msec)', () => {
    const times = [10.9, 11.2, 110.99, 111.01, 210.5];
    const v = engineVector(10, 'rps', 1, at(times));
    expect(v).toEqual(oracleVector(10, 'rps', 1, at(times)));
  });

  it('keys have separate buckets', () => {
    const arrivals = [...at([0, 0, 0], 1), ...at([0, 0, 0], 2), ...at([1, 1], 1), ...at([1, 1], 3)];
    const v = engineVector(1, 'rps', 1, arrivals);
    expect(v).toEqual(oracleVector(1, 'rps', 1, arrivals));
    expect(v).toEqual([true, true, false, true, true, false, false, false, true, true]);
  });

  // ngx_http_limit_req_expire: creating a node for a new key first deletes up to two idle
  // (≥ 60 s), fully drained nodes from the LRU tail. A deleted key starts again at excess 0;
  // a kept one at max(0, excess − drain + 1000), which differs when the drain only just
  // covered the excess. For limit-rps with the default multiplier this is never visible
  // (see the property below); for limit-rpm it is.
  it('zone expiry: an idle drained key is deleted when a new key arrives, and starts afresh', () => {
    // limit-rpm 1 → ctx->rate = 16; burst 5 → 5000. Key 1 spends its whole burst at t=0
    // (6 requests: excess 0 … 5000). At t = 320 000: drain = 16·320 000/1000 = 5120 ≥ 5000,
    // so key 1 is expirable; key 2 is new → expire deletes key 1. Key 1 then sends 6 at once:
    // a new node (0) and 1000 … 5000 → all 6 pass. Without expiry the first would be
    // 5000 − 5120 + 1000 = 880 and only 5 would pass.
    const arrivals = [
      ...at(
        Array.from({ length: 6 }, () => 0),
        1,
      ),
      ...at([320_000], 2),
      ...at(
        Array.from({ length: 6 }, () => 320_000),
        1,
      ),
    ];
    const nginx = oracleVector(1, 'rpm', 5, arrivals);
    expect(nginx.filter(Boolean)).toHaveLength(13);
    expect(oracleVector(1, 'rpm', 5, arrivals, false).filter(Boolean)).toHaveLength(12);
    expect(engineVector(1, 'rpm', 5, arrivals)).toEqual(nginx);
  });
});

describe('NginxLimitReq = the nginx model on generated arrivals', () => {
  const unitArb = fc.constantFrom<'rps' | 'rpm'>('rps', 'rpm');
  /** Gaps between arrivals; a few negative ones, as the simulation produces (a request on a new
   * connection reaches the proxy after later ones on kept-alive connections). */
  const gapArb = fc.oneof(
    { weight: 6, arbitrary: fc.integer({ min: 0, max: 300 }) },
    { weight: 1, arbitrary: fc.integer({ min: -80, max: -1 }) },
    { weight: 1, arbitrary: fc.double({ min: 0, max: 50, noNaN: true }) },
  );
  const arrivalsArb = (keys: number, gaps: fc.Arbitrary<number>) =>
    fc
      .array(fc.tuple(fc.integer({ min: 1, max: keys }), gaps), { minLength: 1, maxLength: 120 })
      .map((list) => {
        let t = 1000;
        return list.map(([key, gap]) => {
          t = Math.max(0, t + gap);
          return { key, at: t };
        });
      });

  it('within a minute (no zone expiry possible): the same accept/refuse vector', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 50 }),
        unitArb,
        fc.integer({ min: 1, max: 10 }),
        arrivalsArb(3, gapArb),
        (rate, unit, multiplier, arrivals) => {
          const burst = rate * multiplier;
          expect(engineVector(rate, unit, burst, arrivals)).toEqual(
            oracleVector(rate, unit, burst, arrivals),
          );
        },
      ),
      { numRuns: 300, seed: 0x11e17 },
    );
  });

  it('limit-rps with long idle gaps (expiry happens but cannot change a decision): same vector', () => {
    // With burst = rate × multiplier, multiplier ≤ 59, a node idle ≥ 60 s has drained
    // 60 000·rate/1000 ≥ burst·1000 + 1000, so a kept node also restarts at excess 0.
    const longGaps = fc.oneof(
      { weight: 4, arbitrary: fc.integer({ min: 0, max: 400 }) },
      { weight: 1, arbitrary: fc.integer({ min: 55_000, max: 130_000 }) },
    );
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 20 }),
        fc.integer({ min: 1, max: 10 }),
        arrivalsArb(4, longGaps),
        (rate, multiplier, arrivals) => {
          const burst = rate * multiplier;
          expect(engineVector(rate, 'rps', burst, arrivals)).toEqual(
            oracleVector(rate, 'rps', burst, arrivals),
          );
        },
      ),
      { numRuns: 200, seed: 0x2e17 },
    );
  });
});

describe('rate limits inside simulate()', () => {
  const oneSecond = (clients: number, rate = 100) => ({
    seed: 7,
    duration: '1s',
    traffic: [{ url: URL, rate: `${rate}/s`, clients }],
  });

  it('the issue example: 100 requests in 1 s from one client with limit-rps "2" → 12 × 200, 88 × 503', () => {
    // Hand count (NginxLimitReq test above): evenly spread 10 ms apart, nginx lets 12 of the
    // 100 through. The refused ones get limit_req_status, 503 by default (semantics.md B4, B5).
    const r = run({ annotations: { 'limit-rps': '2' } }, oneSecond(1), {
      samplesPerOutcome: ALL_SAMPLES,
    });
    expect(r.requests).toBe(100);
    expect(r.outcomes).toEqual({ '200': 12, '503': 88 });
    expect(r.reasons).toEqual({ response: 12, 'rate limited': 88 });
    expect(r.rateLimited).toBe(88);
    // Refused requests never reach a pod.
    for (const s of everyRequest(r)) if (s.status === 503) expect(s.attempts).toEqual([]);
    // Which ones: the first eleven (all reach nginx within ~150 ms: burst 10 + the free first
    // one), then one about 400 ms later. Evenly spread at nginx that is request 50 (hand count
    // above). Here request 0 reaches nginx at 57.3 ms (DNS 12 + TCP 30, then ½ RTT 15 and 0.3
    // processing), and requests 1-4, sent 10-40 ms on that same connection, cannot reach nginx
    // before it, so they count at 57 ms with ms = 0; request k ≥ 5 at 10k + 15 ms. Excess: 0,
    // 1000, 2000, 3000, 4000, then 4000 − 16 + 1000 = 4984 at 65 ms and +980 per request: 9884
    // at request 10 (115 ms); request 11 is refused. The next passes when 9884 − 2·ms + 1000 ≤
    // 10000 ⇔ ms ≥ 442: request 55 at 565 ms (9984); one more would need 492 ms: past the second.
    const atNginx = Array.from({ length: 100 }, (_, k) => (k < 5 ? 57 : 10 * k + 15));
    expect(accepted(oracleVector(2, 'rps', 10, at(atNginx)))).toEqual([
      0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 55,
    ]);
    const ids = everyRequest(r)
      .filter((s) => s.status === 200)
      .map((s) => s.id);
    expect(ids.slice(0, 11)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    // 50 if request 0 came as early as the others, 55 with its DNS and TCP handshake first.
    expect(ids[11]).toBeGreaterThanOrEqual(50);
    expect(ids[11]).toBeLessThanOrEqual(55);
  });

  it('limit-req-status-code 429 in the controller ConfigMap changes the refusals to 429', () => {
    const r = run(
      { annotations: { 'limit-rps': '2' }, configMap: { 'limit-req-status-code': '429' } },
      oneSecond(1),
    );
    expect(r.outcomes).toEqual({ '200': 12, '429': 88 });
    expect(r.reasons).toEqual({ response: 12, 'rate limited': 88 });
  });

  it('limit-req-status-code is ConfigMap-only: as an annotation it changes nothing (B7)', () => {
    const r = run(
      { annotations: { 'limit-rps': '2', 'limit-req-status-code': '429' } },
      oneSecond(1),
    );
    expect(r.outcomes).toEqual({ '200': 12, '503': 88 });
  });

  it('limits are per client IP: two clients, each gets its own 12', () => {
    // One traffic entry, clients 2, 200/s: the clients take turns, so each sends 100
    // requests 10 ms apart (the second 5 ms later) and each has its own bucket.
    const r = run({ annotations: { 'limit-rps': '2' } }, oneSecond(2, 200), {
      samplesPerOutcome: ALL_SAMPLES,
    });
    expect(r.requests).toBe(200);
    expect(r.outcomes).toEqual({ '200': 24, '503': 176 });
    const perClient = new Map<string, number>();
    for (const s of everyRequest(r))
      if (s.status === 200) perClient.set(s.client, (perClient.get(s.client) ?? 0) + 1);
    expect([...perClient.values()]).toEqual([12, 12]);
  });

  it('behind externalTrafficPolicy: Cluster every client is the node, so they share one limit', () => {
    // kube-proxy SNATs to the node's address (path/l4lb.ts), and nginx keys limit_req on
    // $binary_remote_addr: the two clients of the test above now share one bucket of 12.
    const cluster = run(
      {
        annotations: { 'limit-rps': '2' },
        controllerReplicas: 1,
        controllerTrafficPolicy: 'Cluster',
      },
      oneSecond(2, 200),
    );
    expect(cluster.requests).toBe(200);
    expect(cluster.outcomes['200']).toBeGreaterThanOrEqual(11);
    expect(cluster.outcomes['200']).toBeLessThanOrEqual(13);
    // Local keeps each client's address: a bucket each, as without a Service.
    const local = run(
      {
        annotations: { 'limit-rps': '2' },
        controllerReplicas: 1,
        controllerTrafficPolicy: 'Local',
      },
      oneSecond(2, 200),
    );
    expect(local.outcomes).toEqual({ '200': 24, '503': 176 });
  });

  it('limit-allowlist exempts a client range', () => {
    // Simulated clients are 198.51.100.1, .2, … (traffic.ts clientAddress).
    const r = run(
      { annotations: { 'limit-rps': '2', 'limit-allowlist': '198.51.100.0/24' } },
      oneSecond(1),
    );
    expect(r.outcomes).toEqual({ '200': 100 });
    expect(r.rateLimited).toBe(0);
  });

  it('limits are per controller replica: one IP spread over 2 replicas gets about twice as much', () => {
    // keep-alive "0": every request is a new connection, and the L4 load balancer picks a
    // replica per connection, so the one client IP has a bucket on each replica
    // ([INX-ANN §Rate Limiting]: "limits are applied per controller replica").
    const scenario = oneSecond(1);
    const one = run(
      { annotations: { 'limit-rps': '2' }, configMap: { 'keep-alive': '0' } },
      scenario,
    );
    const two = run(
      {
        annotations: { 'limit-rps': '2' },
        configMap: { 'keep-alive': '0' },
        controllerReplicas: 2,
      },
      scenario,
      { samplesPerOutcome: ALL_SAMPLES },
    );
    // With keep-alive 0 each request opens one of the client's six connections and pays its
    // handshake, so the requests reach nginx spread over about 1.1 s rather than 1 s: one
    // or two more than the evenly spaced 12 get through.
    const single = one.outcomes['200'] ?? 0;
    expect(single).toBeGreaterThanOrEqual(12);
    expect(single).toBeLessThanOrEqual(14);
    expect(Object.keys(two.perReplica)).toHaveLength(2);
    const ok = two.outcomes['200'] ?? 0;
    // Each replica sees about 50 requests about 20 ms apart: 11 in the first burst, maybe one
    // or two more: about twice what one replica lets through.
    expect(ok).toBeGreaterThanOrEqual(22);
    expect(ok).toBeLessThanOrEqual(2 * single);
    const perReplica = new Map<string, number>();
    for (const s of everyRequest(two))
      if (s.status === 200)
        perReplica.set(s.replica ?? '', (perReplica.get(s.replica ?? '') ?? 0) + 1);
    for (const n of perReplica.values()) {
      expect(n).toBeGreaterThanOrEqual(11);
      expect(n).toBeLessThanOrEqual(13);
    }
  });

  it('several clients over 2 replicas: each IP has a bucket per replica, so about twice as much gets through', () => {
    // 8 clients × 100 requests in 1 s. A client that sends every 10 ms while each answer takes
    // ~50 ms has several requests under way, and HTTP/1.1 carries one at a time per connection,
    // so it uses several connections; the L4 load balancer spreads connections over the
    // replicas, and each replica counts the IP in its own zone ([INX-ANN §Rate Limiting]).
    const scenario = oneSecond(8, 800);
    const one = run({ annotations: { 'limit-rps': '2' } }, scenario);
    const two = run({ annotations: { 'limit-rps': '2' }, controllerReplicas: 2 }, scenario, {
      samplesPerOutcome: ALL_SAMPLES,
    });
    expect(one.outcomes['200']).toBe(8 * 12);
    expect(Object.keys(two.perReplica)).toHaveLength(2);
    // One bucket passes at most 11 at once plus one per 500 ms: ≤ 12 within a second of arrivals.
    const perPair = new Map<string, number>();
    for (const s of everyRequest(two))
      if (s.status === 200) {
        const k = `${s.client} ${s.replica ?? ''}`;
        perPair.set(k, (perPair.get(k) ?? 0) + 1);
      }
    for (const n of perPair.values()) expect(n).toBeLessThanOrEqual(12);
    const ok = two.outcomes['200'] ?? 0;
    expect(ok).toBeLessThanOrEqual(2 * 8 * 12);
    expect(ok).toBeGreaterThanOrEqual(1.5 * 8 * 12);
  });
});
