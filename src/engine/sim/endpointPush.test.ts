import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildCluster, loadManifests, simulate } from '../index.js';
import { INFORMER_MS } from './world.js';

const GATEWAY = readFileSync(new URL('../../../examples/gateway.yaml', import.meta.url), 'utf8');

const SCENARIO = `---
apiVersion: routelab.dev/v1alpha1
kind: Scenario
metadata: {name: web-not-ready}
spec:
  seed: 3
  duration: 4s
  backends:
    - service: books/web
      latency: 20ms
      readiness:
        - {at: 1s, ready: false}
        - {at: 2500ms, ready: true}
  traffic:
    - url: https://books.example.com/
      rate: 20/s
`;

describe('endpoint changes pushed over EDS (Envoy Gateway)', () => {
  it('reach Envoy as soon as the controller hears of them, with no sync tick', () => {
    // Envoy gets endpoints over EDS with no reload and no periodic sync
    // ([ENVOY] intro/arch_overview/operations/dynamic_configuration; semantics.md E3),
    // unlike ingress-nginx's Lua workers that resync every second.
    const cluster = buildCluster(loadManifests(GATEWAY + SCENARIO).resources);
    const r = simulate(cluster);
    const seen = r.events.filter((e) => /^Envoy Gateway sees .* as not ready$/.test(e.text));
    const back = r.events.filter((e) => /^Envoy Gateway sees .* as ready$/.test(e.text));
    expect(seen.length).toBeGreaterThan(0);
    for (const e of seen) expect(e.atMs).toBe(1000 + INFORMER_MS);
    for (const e of back) expect(e.atMs).toBe(2500 + INFORMER_MS);
    // With every web pod out, Envoy answers 503 (no healthy upstream) in between.
    expect(r.outcomes['503']).toBeGreaterThan(0);
    expect(r.outcomes['200']).toBeGreaterThan(0);
  });
});
