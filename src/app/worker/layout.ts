/**
 * Places the topology graph's nodes with dagre (left to right, one column per kind of hop).
 * Runs in the worker. Layout is the expensive part, so it is redone only when the graph's
 * structure changes: typing inside a value keeps the nodes where they are.
 */
import dagre from '@dagrejs/dagre';
import type { TopoEdge, TopoKind, TopoNode, TopologyView } from '../topology/types.js';
import type { UnplacedNode } from './topology.js';

const SIZE: Readonly<Record<TopoKind, { width: number; height: number }>> = {
  client: { width: 76, height: 58 },
  dns: { width: 110, height: 58 },
  lb: { width: 160, height: 58 },
  replica: { width: 170, height: 58 },
  listener: { width: 150, height: 58 },
  host: { width: 170, height: 58 },
  route: { width: 160, height: 58 },
  respond: { width: 160, height: 58 },
  service: { width: 140, height: 58 },
  pod: { width: 170, height: 58 },
};
/** FNV-1a over the structure: node ids and kinds, edges. */
export function structureKey(nodes: readonly UnplacedNode[], edges: readonly TopoEdge[]): string {
  let h = 0x811c9dc5;
  const mix = (s: string): void => {
    for (let i = 0; i < s.length; i++) {
      h ^= s.charCodeAt(i);
      h = Math.imul(h, 0x01000193) >>> 0;
    }
    h ^= 10;
  };
  for (const n of nodes) mix(n.id);
  for (const e of edges) mix(e.id);
  return `${nodes.length}.${edges.length}.${h.toString(36)}`;
}

export class TopologyLayout {
  private cache:
    | {
        key: string;
        positions: Map<string, { x: number; y: number }>;
        width: number;
        height: number;
      }
    | undefined;

  place(nodes: readonly UnplacedNode[], edges: readonly TopoEdge[]): TopologyView {
    const key = structureKey(nodes, edges);
    if (this.cache?.key !== key) this.cache = { key, ...layout(nodes, edges) };
    const { positions, width, height } = this.cache;
    const placed: TopoNode[] = nodes.map((n) => {
      const size = SIZE[n.kind];
      const p = positions.get(n.id) ?? { x: 0, y: 0 };
      return { ...n, ...size, x: p.x, y: p.y };
    });
    return { key, nodes: placed, edges, width, height };
  }
}

function layout(
  nodes: readonly UnplacedNode[],
  edges: readonly TopoEdge[],
): { positions: Map<string, { x: number; y: number }>; width: number; height: number } {
  const g = new dagre.graphlib.Graph();
  g.setGraph({ rankdir: 'LR', nodesep: 12, ranksep: 30, marginx: 10, marginy: 10 });
  g.setDefaultEdgeLabel(() => ({}));
  for (const n of nodes) g.setNode(n.id, { ...SIZE[n.kind] });
  for (const e of edges) g.setEdge(e.source, e.target);
  dagre.layout(g);
  const positions = new Map<string, { x: number; y: number }>();
  for (const n of nodes) {
    const p = g.node(n.id) as { x: number; y: number } | undefined;
    const size = SIZE[n.kind];
    // dagre gives centres; React Flow places by the top-left corner.
    if (p) positions.set(n.id, { x: p.x - size.width / 2, y: p.y - size.height / 2 });
  }
  const graph = g.graph();
  return { positions, width: graph.width ?? 0, height: graph.height ?? 0 };
}
