import { describe, expect, it } from 'vitest';
import { Evaluator } from '../worker/evaluate.js';
import { buildRequestSpec } from '../state/requestSpec.js';
import { EXAMPLES } from './index.js';

/** The request bar's fields for an example, as the page builds them. */
function requestOf(example: (typeof EXAMPLES)[number]) {
  return buildRequestSpec({
    method: example.request.method,
    url: example.request.url,
    headersText: example.request.headers ?? '',
    clientIp: example.request.clientIp ?? '',
    bodySize: example.request.bodySize ?? '',
    insecure: example.request.insecure ?? false,
  }).spec;
}

describe('built-in examples', () => {
  it('have unique ids', () => {
    expect(new Set(EXAMPLES.map((e) => e.id)).size).toBe(EXAMPLES.length);
  });

  for (const example of EXAMPLES) {
    it(`${example.id} answers ${example.expect ?? 'nothing'}`, () => {
      const response = new Evaluator().evaluate({
        id: 1,
        yaml: example.yaml,
        request: requestOf(example),
        seed: 1,
      });
      if (!response.ok) throw new Error(response.error);
      expect(response.trace.status).toBe(example.expect);
      if (example.group !== 'broken')
        expect(response.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
      // The token's path starts at the client and names only nodes of the graph.
      const nodes = new Set(response.topology?.nodes.map((n) => n.id));
      expect(response.path.hops[0]?.node).toBe('client');
      for (const hop of response.path.hops) expect(nodes.has(hop.node), hop.node).toBe(true);
      // Plain data: what the worker posts must survive structured cloning.
      expect(structuredClone(response)).toEqual(response);
    });
  }

  it('re-uses the cluster and the topology while only the request changes', () => {
    const evaluator = new Evaluator();
    const shop = EXAMPLES[0];
    if (!shop) throw new Error('no examples');
    const first = evaluator.evaluate({ id: 1, yaml: shop.yaml, request: requestOf(shop), seed: 1 });
    if (!first.ok || !first.topology) throw new Error('engine failed');
    const second = evaluator.evaluate({
      id: 2,
      yaml: shop.yaml,
      request: { url: 'https://shop.example.com/' },
      seed: 1,
      topologyKey: first.topology.key,
    });
    if (!second.ok) throw new Error('engine failed');
    expect(second.diagnostics).toBe(first.diagnostics);
    expect(second.topology).toBeNull();
    expect(second.trace.backend?.service).toBe('frontend');
  });

  it('retries: each attempt to a pod is a trip of its own', () => {
    const example = EXAMPLES.find((e) => e.id === 'retries');
    if (!example) throw new Error('no retries example');
    const r = new Evaluator().evaluate({
      id: 1,
      yaml: example.yaml,
      request: requestOf(example),
      seed: 1,
    });
    if (!r.ok) throw new Error(r.error);
    expect(r.trace.attempts.map((a) => a.outcome)).toEqual(['refused', 'response']);
    expect(Math.max(...r.path.hops.map((h) => h.trip))).toBe(2);
  });
});
