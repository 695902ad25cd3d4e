import { describe, expect, it } from 'vitest';
import { EXAMPLES } from '../examples/index.js';
import { Evaluator } from '../worker/evaluate.js';
import { planTraffic } from './traffic.js';

describe('the traffic replay plan', () => {
  it('sends tokens along the graph to the pods in the shares the run measured', () => {
    const example = EXAMPLES.find((e) => e.id === 'retries');
    if (!example) throw new Error('no retries example');
    const evaluator = new Evaluator();
    const job = { id: 1, yaml: example.yaml, request: { url: example.request.url }, seed: 1 };
    const r = evaluator.evaluate({ ...job, extras: { simulate: 1 } });
    if (!r.ok || !r.simulation || !r.topology) throw new Error('no run');
    const result = r.simulation.result;
    expect(result.requests).toBeGreaterThan(0);
    const plan = planTraffic(r.topology, result);
    // Every path starts at the client's centre and ends at a pod the run sent requests to.
    const client = r.topology.nodes.find((n) => n.id === 'client');
    if (!client) throw new Error('no client node');
    const centre = { x: client.x + client.width / 2, y: client.y + client.height / 2 };
    for (const p of plan.paths) {
      expect(p.points[0]).toEqual(centre);
      expect(p.points.length).toBeGreaterThanOrEqual(6);
    }
    expect(plan.totalWeight).toBe(Object.values(result.perPod).reduce((s, l) => s + l.requests, 0));
    // The same run number is not run twice; a new one is.
    expect(evaluator.evaluate({ ...job, id: 2, extras: { simulate: 1 } }).ok && true).toBe(true);
    const again = evaluator.evaluate({ ...job, id: 3, extras: { simulate: 1 } });
    expect(again.ok && again.simulation).toBeNull();
    const next = evaluator.evaluate({ ...job, id: 4, extras: { simulate: 2 } });
    expect(next.ok && next.simulation?.run).toBe(2);
  });
});
