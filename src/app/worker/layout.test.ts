import { describe, expect, it } from 'vitest';
import type { TopoEdge } from '../topology/types.js';
import { TopologyLayout, viewKeys } from './layout.js';
import type { UnplacedNode } from './topology.js';

const nodes: UnplacedNode[] = [
  { id: 'client', kind: 'client', label: 'Client', details: [] },
  { id: 'host:a', kind: 'host', label: 'a.example', details: [['Routes', '2']] },
  { id: 'route:1', kind: 'route', label: '/', details: [] },
  { id: 'route:2', kind: 'route', label: '/b', details: [] },
  { id: 'svc:web', kind: 'service', label: 'web', details: [['Ports', '80→8080']] },
];
const edges: TopoEdge[] = [
  { id: 'client->host:a', source: 'client', target: 'host:a' },
  { id: 'host:a->route:1', source: 'host:a', target: 'route:1' },
  { id: 'host:a->route:2', source: 'host:a', target: 'route:2' },
  { id: 'route:1->svc:web', source: 'route:1', target: 'svc:web' },
];
const withNode = (id: string, change: Partial<UnplacedNode>): UnplacedNode[] =>
  nodes.map((n) => (n.id === id ? { ...n, ...change } : n));

describe('TopologyLayout', () => {
  it('new text in a node of the same size keeps the positions without laying out again', () => {
    const layout = new TopologyLayout();
    const first = layout.place(nodes, edges);
    const edited = withNode('svc:web', { details: [['Ports', '80→9090']], warning: 'no pods' });
    const second = layout.place(edited, edges);
    expect(layout.layouts).toBe(1);
    expect(second.structure).toBe(first.structure);
    expect(second.placement).toBe(first.placement);
    expect(second.key).not.toBe(first.key);
    expect(second.nodes.find((n) => n.id === 'svc:web')).toMatchObject({
      details: [['Ports', '80→9090']],
      warning: 'no pods',
    });
    expect(second.nodes.map((n) => [n.x, n.y])).toEqual(first.nodes.map((n) => [n.x, n.y]));
  });

  it('a label that wraps onto a second line lays the graph out again', () => {
    const layout = new TopologyLayout();
    const first = layout.place(nodes, edges);
    const long = withNode('route:1', { label: 'location ~* "^/(api|static)/"' });
    const second = layout.place(long, edges);
    expect(layout.layouts).toBe(2);
    expect(second.structure).toBe(first.structure);
    expect(second.placement).not.toBe(first.placement);
    expect(second).toEqual(new TopologyLayout().place(long, edges));
    const route = (v: typeof first, id: string) => v.nodes.find((n) => n.id === id);
    expect(route(second, 'route:1')?.height).toBeGreaterThan(route(first, 'route:1')?.height ?? 0);
    // The next route moves down, out of the taller node's way.
    expect(route(second, 'route:2')?.y).toBeGreaterThan(route(first, 'route:2')?.y ?? 0);
  });

  it("every text a node or edge shows is in the view's key", () => {
    const base = viewKeys(nodes, edges).key;
    const variants: [UnplacedNode[], TopoEdge[]][] = [
      [withNode('svc:web', { label: 'web2' }), edges],
      [withNode('svc:web', { sublabel: 'default' }), edges],
      [withNode('svc:web', { warning: 'no pods' }), edges],
      [withNode('svc:web', { assumed: true }), edges],
      [withNode('svc:web', { details: [['Ports', '80→9090']] }), edges],
      [withNode('route:1', { kind: 'respond' }), edges],
      [
        withNode('svc:web', {
          source: {
            kind: 'Service',
            namespace: 'default',
            name: 'web',
            path: [],
            range: { startLine: 3, endLine: 9 },
          },
        }),
        edges,
      ],
      [nodes, edges.map((e, i) => (i === 3 ? { ...e, label: '50%' } : e))],
      [nodes, edges.map((e, i) => (i === 3 ? { ...e, assumed: true } : e))],
    ];
    const keys = variants.map(([n, e]) => viewKeys(n, e));
    for (const k of keys) {
      expect(k.key).not.toBe(base);
      expect(k.structure).toBe(viewKeys(nodes, edges).structure);
    }
    expect(new Set(keys.map((k) => k.key)).size).toBe(keys.length);
    expect(viewKeys([...nodes], [...edges]).key).toBe(base);
  });
});
