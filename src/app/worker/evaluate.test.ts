import { describe, expect, it } from 'vitest';
import SLOW_IMPORT from '../../../examples/slow-import.yaml?raw';
import { EXAMPLES } from '../examples/index.js';
import type { TopologyView } from '../topology/types.js';
import { AnswerSlot } from './answerSlot.js';
import { Evaluator } from './evaluate.js';

/** The example without its own Scenario: the cluster alone. */
const CLUSTER = SLOW_IMPORT.split(/^---$/m)
  .filter((doc) => !/^kind: Scenario$/m.test(doc))
  .join('---');
const SCENARIO = SLOW_IMPORT.split(/^---$/m).find((doc) => /^kind: Scenario$/m.test(doc)) ?? '';

describe('Evaluator with an exercise Scenario', () => {
  it('the trace uses the Scenario given beside the YAML, as grading does', () => {
    expect(SCENARIO).not.toBe('');
    const evaluator = new Evaluator();
    const job = {
      id: 1,
      yaml: CLUSTER,
      request: { url: 'http://reports.example.com/import', method: 'POST' },
      seed: 1,
    };
    const plain = evaluator.evaluate(job);
    const withScenario = evaluator.evaluate({ ...job, id: 2, scenario: SCENARIO });
    expect(plain.ok && plain.trace.status).toBe(200);
    // The Scenario makes the import take 90 s; ingress-nginx gives up after 60 s.
    expect(withScenario.ok && withScenario.trace.status).toBe(504);
  });
});

describe('Evaluator answers in two parts', () => {
  const job = {
    id: 1,
    yaml: CLUSTER,
    request: { url: 'http://reports.example.com/import', method: 'POST' },
    seed: 1,
  };

  it("the model part's time is the worker's work on the job, not the wait between the parts", () => {
    const evaluator = new Evaluator();
    let now = 0;
    const answering = evaluator.answer(job, () => (now += 1));
    if (!answering.model) throw new Error(answering.trace.error);
    now += 1000; // the worker waits before the model part (engine.worker.ts)
    const second = answering.model();
    if (!second.ok) throw new Error(second.error);
    expect(second.elapsedMs).toBe(answering.trace.elapsedMs + 1);
  });

  it('the trace part comes first; the model part brings problems and the graph', () => {
    const evaluator = new Evaluator();
    let ticks = 0;
    const answering = evaluator.answer(job, () => ticks++);
    if (!answering.model) throw new Error(answering.trace.error);
    const first = answering.trace;
    expect(first).toMatchObject({ id: 1, ok: true, part: 'trace', trace: { status: 200 } });
    expect(first).not.toHaveProperty('topology');
    expect(first).not.toHaveProperty('diagnostics');
    const second = answering.model();
    if (!second.ok) throw new Error(second.error);
    expect(second.part).toBe('model');
    expect(second.id).toBe(1);
    expect(second.elapsedMs).toBeGreaterThan(first.elapsedMs);
    // The path is named before the graph is built, and names only its nodes.
    const nodes = new Set(second.topology?.nodes.map((n) => n.id));
    expect(first.path.hops.length).toBeGreaterThan(1);
    for (const hop of first.path.hops) expect(nodes.has(hop.node), hop.node).toBe(true);
    // Plain data, both parts.
    expect(structuredClone(first)).toEqual(first);
    expect(structuredClone(second)).toEqual(second);
  });

  it('a skipped model part is made by the next job on the same YAML', () => {
    const evaluator = new Evaluator();
    const skipped = evaluator.answer(job);
    expect(skipped.trace.ok).toBe(true);
    const next = evaluator.answer({
      ...job,
      id: 2,
      request: { url: 'http://reports.example.com/' },
    });
    if (!next.model) throw new Error(next.trace.error);
    const model = next.model();
    if (!model.ok) throw new Error(model.error);
    expect(model.topology?.nodes.length).toBeGreaterThan(0);
    // The same YAML: the same version, and its problems object is kept.
    const again = evaluator.answer({ ...job, id: 3, topologyKey: model.topology?.key ?? null });
    if (!again.model) throw new Error(again.trace.error);
    const third = again.model();
    if (!third.ok) throw new Error(third.error);
    expect(third.yamlVersion).toBe(model.yamlVersion);
    expect(third.diagnostics).toBe(model.diagnostics);
    expect(third.topology).toBeNull();
  });

  it('an engine failure in the trace part ends the job without a model part', () => {
    const evaluator = new Evaluator();
    const answering = evaluator.answer({ ...job, request: null as never });
    expect(answering.trace.ok).toBe(false);
    expect(answering.model).toBeUndefined();
  });
});

describe('Evaluator: the graph is sent when the page does not have it', () => {
  it('typing in a comment keeps the graph the page has; a new route sends a new one', () => {
    const evaluator = new Evaluator();
    const request = { url: 'http://reports.example.com/import', method: 'POST' };
    const first = evaluator.evaluate({ id: 1, yaml: CLUSTER, request, seed: 1 });
    if (!first.ok || !first.topology) throw new Error('no graph');
    const key = first.topology.key;
    const commented = evaluator.evaluate({
      id: 2,
      yaml: `${CLUSTER}\n# a note`,
      request,
      seed: 1,
      topologyKey: key,
    });
    if (!commented.ok) throw new Error(commented.error);
    expect(commented.yamlVersion).not.toBe(first.yamlVersion);
    expect(commented.topology).toBeNull();
    // A page that has another graph gets this one, with the key it then names.
    const elsewhere = evaluator.evaluate({
      id: 3,
      yaml: CLUSTER,
      request,
      seed: 1,
      topologyKey: 'x',
    });
    if (!elsewhere.ok) throw new Error(elsewhere.error);
    expect(elsewhere.topology?.key).toBe(key);
    // Another host: new nodes, so a new graph is sent.
    const ingress = `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: extra
spec:
  ingressClassName: nginx
  rules:
    - host: extra.example.com
      http:
        paths:
          - path: /
            pathType: Prefix
            backend:
              service:
                name: extra
                port:
                  number: 80`;
    const grown = evaluator.evaluate({
      id: 4,
      yaml: `${CLUSTER}\n---\n${ingress}`,
      request,
      seed: 1,
      topologyKey: key,
    });
    if (!grown.ok) throw new Error(grown.error);
    expect(grown.topology?.key).toBeDefined();
    expect(grown.topology?.key).not.toBe(key);
    expect(grown.topology?.nodes.some((n) => n.label === 'extra.example.com')).toBe(true);
  });
});

describe('Evaluator: the page never keeps a stale graph', () => {
  const shop = (annotations = '', targetPort = 8080): string => `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: shop
${annotations}spec:
  ingressClassName: nginx
  rules:
    - host: shop.example.com
      http:
        paths:
          - path: /
            pathType: Prefix
            backend:
              service:
                name: web
                port:
                  number: 80
---
apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector:
    app: web
  ports:
    - port: 80
      targetPort: ${targetPort}
`;
  const request = { url: 'http://shop.example.com/' };
  const graphOf = (evaluator: Evaluator, yaml: string, topologyKey: string | null) => {
    const answer = evaluator.evaluate({ id: 1, yaml, request, seed: 1, topologyKey });
    if (!answer.ok) throw new Error(answer.error);
    return answer.topology;
  };
  const nodeOf = (view: TopologyView | null, id: string) => {
    const node = view?.nodes.find((n) => n.id === id);
    if (!node) throw new Error(`no node ${id}`);
    return node;
  };

  it("a Service's new port reaches its node's details; the nodes stay where they were", () => {
    const evaluator = new Evaluator();
    const first = graphOf(evaluator, shop(), null);
    if (!first) throw new Error('no graph');
    expect(nodeOf(first, 'svc:default/web').details).toContainEqual(['Ports', '80→8080']);
    const edited = graphOf(evaluator, shop('', 9090), first.key);
    if (!edited) throw new Error('the page kept the graph with the old port');
    expect(edited.structure).toBe(first.structure);
    expect(edited.key).not.toBe(first.key);
    expect(nodeOf(edited, 'svc:default/web').details).toContainEqual(['Ports', '80→9090']);
    const place = (v: TopologyView) =>
      v.nodes.map(({ id, x, y, width, height }) => ({ id, x, y, width, height }));
    expect(place(edited)).toEqual(place(first));
    expect([edited.width, edited.height]).toEqual([first.width, first.height]);
    // The page now has this graph: the next job on the same YAML gets nothing.
    expect(graphOf(evaluator, shop('', 9090), edited.key)).toBeNull();
  });

  it('lines inserted above a resource move its node to the lines it now has', () => {
    const evaluator = new Evaluator();
    const first = graphOf(evaluator, shop(), null);
    if (!first) throw new Error('no graph');
    const yaml = `# The shop.\n# Two resources.\n${shop()}`;
    const edited = graphOf(evaluator, yaml, first.key);
    if (!edited) throw new Error('the page kept the old source lines');
    const lines = yaml.split('\n');
    const range = nodeOf(edited, 'svc:default/web').source?.range;
    expect(range).toEqual({
      startLine: (nodeOf(first, 'svc:default/web').source?.range.startLine ?? 0) + 2,
      endLine: (nodeOf(first, 'svc:default/web').source?.range.endLine ?? 0) + 2,
    });
    // Clicking the node selects the Service's own lines.
    const selected = lines.slice((range?.startLine ?? 1) - 1, range?.endLine);
    expect(selected[0]).toBe('apiVersion: v1');
    expect(selected).toContain('kind: Service');
    expect(selected).toContain('      targetPort: 8080');
  });

  it('a label that now wraps onto a second line makes its node taller and is laid out again', () => {
    const evaluator = new Evaluator();
    const first = graphOf(evaluator, shop(), null);
    if (!first) throw new Error('no graph');
    const route =
      'route:ingress-nginx/ingress-nginx-controller:t0:shop.example.com:shop.example.com#0';
    expect(nodeOf(first, route).label).toBe('location /');
    const yaml = shop('  annotations:\n    nginx.ingress.kubernetes.io/use-regex: "true"\n');
    const edited = graphOf(evaluator, yaml, first.key);
    if (!edited) throw new Error('the page kept the old label and size');
    expect(edited.structure).toBe(first.structure);
    expect(nodeOf(edited, route).label).toBe('location ~* "^/"');
    expect(nodeOf(edited, route).height).toBeGreaterThan(nodeOf(first, route).height);
    // Placed as a page that had no graph would get it: nothing overlaps the taller node.
    expect(edited).toEqual(graphOf(new Evaluator(), yaml, null));
    const fallback = 'route:ingress-nginx/ingress-nginx-controller:t0:_:_#0';
    expect(nodeOf(edited, fallback).y).toBeGreaterThanOrEqual(
      nodeOf(edited, route).y + nodeOf(edited, route).height,
    );
  });

  it('a comment inside a value line changes nothing the graph shows: nothing is sent', () => {
    const evaluator = new Evaluator();
    const first = graphOf(evaluator, shop(), null);
    if (!first) throw new Error('no graph');
    const yaml = shop().replace('number: 80', 'number: 80 # the web port');
    expect(yaml).not.toBe(shop());
    expect(graphOf(evaluator, yaml, first.key)).toBeNull();
  });
});

describe('the trace part through shared memory', () => {
  it('every example reads back from the answer slot as the message would carry it', () => {
    const slot = new AnswerSlot(new SharedArrayBuffer(8 + (1 << 20)));
    const evaluator = new Evaluator();
    EXAMPLES.forEach((example, i) => {
      const { method, url } = example.request;
      const answering = evaluator.answer({
        id: i + 1,
        yaml: example.yaml,
        request: { method, url },
        seed: 1,
      });
      // Written, so the frame can show it: a refused answer would only ever come by message.
      expect(slot.write(i + 1, answering.trace), example.id).toBe(true);
      expect(slot.read(i + 1), example.id).toEqual(structuredClone(answering.trace));
    });
  });
});
