/**
 * Places the topology graph's nodes: one column per kind of hop (client, DNS and load
 * balancers, replicas, listeners, hosts, routes, Services, pods), left to right, and in each
 * column the order in which the request meets them. A tidy-tree pass over the first parent
 * of each node puts a parent level with its children, so a host sits beside its routes and a
 * Service beside its pods. Linear in the size of the graph: 900 nodes take a few
 * milliseconds, where a general layered layout (dagre) took seconds. Runs in the worker, and
 * only when the graph's structure changes: typing inside a value keeps every node in place.
 */
import type { TopoEdge, TopoKind, TopoNode, TopologyView } from '../topology/types.js';
import type { UnplacedNode } from './topology.js';

const SIZE: Readonly<Record<TopoKind, { width: number; height: number }>> = {
  client: { width: 76, height: 58 },
  dns: { width: 110, height: 58 },
  lb: { width: 160, height: 58 },
  replica: { width: 170, height: 58 },
  listener: { width: 150, height: 58 },
  host: { width: 190, height: 58 },
  route: { width: 160, height: 58 },
  respond: { width: 160, height: 58 },
  service: { width: 140, height: 58 },
  pod: { width: 170, height: 58 },
};

const COLUMN: Readonly<Record<TopoKind, number>> = {
  client: 0,
  dns: 1,
  lb: 1,
  replica: 2,
  listener: 3,
  host: 4,
  route: 5,
  respond: 5,
  service: 6,
  pod: 7,
};

const ROW_GAP = 12;
const COLUMN_GAP = 30;
const MARGIN = 10;

/** FNV-1a over the structure: node ids and edges. */
export function structureKey(nodes: readonly UnplacedNode[], edges: readonly TopoEdge[]): string {
  let h = 0x811c9dc5;
  const mix = (s: string): void => {
    for (let i = 0; i < s.length; i++) {
      h ^= s.charCodeAt(i);
      h = Math.imul(h, 0x01000193) >>> 0;
    }
    h ^= 10;
    h = Math.imul(h, 0x01000193) >>> 0;
  };
  for (const n of nodes) mix(n.id);
  for (const e of edges) mix(e.id);
  return `${nodes.length}.${edges.length}.${h.toString(36)}`;
}

interface Placement {
  readonly positions: ReadonlyMap<string, { x: number; y: number }>;
  readonly width: number;
  readonly height: number;
}

export class TopologyLayout {
  private cache: (Placement & { key: string }) | undefined;

  place(nodes: readonly UnplacedNode[], edges: readonly TopoEdge[]): TopologyView {
    const key = structureKey(nodes, edges);
    if (this.cache?.key !== key) this.cache = { key, ...layout(nodes, edges) };
    const { positions, width, height } = this.cache;
    const placed: TopoNode[] = nodes.map((n) => {
      const p = positions.get(n.id) ?? { x: 0, y: 0 };
      return { ...n, ...SIZE[n.kind], x: p.x, y: p.y };
    });
    return { key, nodes: placed, edges, width, height };
  }
}

export function layout(nodes: readonly UnplacedNode[], edges: readonly TopoEdge[]): Placement {
  const kind = new Map(nodes.map((n) => [n.id, n.kind]));
  // Columns that have nodes, packed (no empty column for listeners when there are none).
  const used = [...new Set(nodes.map((n) => COLUMN[n.kind]))].sort((a, b) => a - b);
  const columnIndex = new Map(used.map((c, i) => [c, i]));
  const colOf = (id: string): number => columnIndex.get(COLUMN[kind.get(id) ?? 'pod']) ?? 0;

  // The tree: each node's first parent (in build order, the order the request meets them)
  // is the one it is placed beside; other edges are drawn but do not move it.
  const children = new Map<string, string[]>();
  const hasParent = new Set<string>();
  for (const e of edges) {
    if (hasParent.has(e.target) || colOf(e.target) <= colOf(e.source)) continue;
    if (!kind.has(e.source) || !kind.has(e.target)) continue;
    hasParent.add(e.target);
    const list = children.get(e.source) ?? [];
    list.push(e.target);
    children.set(e.source, list);
  }

  const columnWidth = new Map<number, number>();
  for (const n of nodes) {
    const c = colOf(n.id);
    columnWidth.set(c, Math.max(columnWidth.get(c) ?? 0, SIZE[n.kind].width));
  }
  const columnX: number[] = [];
  let x = MARGIN;
  for (let c = 0; c < used.length; c++) {
    columnX[c] = x;
    x += (columnWidth.get(c) ?? 0) + COLUMN_GAP;
  }

  // Tidy tree: leaves take the next free row of their column; a parent sits level with the
  // middle of its children, pushed down if its column is already filled there.
  const nextFree = new Map<number, number>();
  const y = new Map<string, number>();
  const placeTree = (id: string): number => {
    const c = colOf(id);
    const height = SIZE[kind.get(id) ?? 'pod'].height;
    const kids = children.get(id) ?? [];
    let want: number;
    if (kids.length === 0) want = nextFree.get(c) ?? MARGIN;
    else {
      const ys = kids.map(placeTree);
      want = ((ys[0] ?? 0) + (ys[ys.length - 1] ?? 0)) / 2;
    }
    const top = Math.max(want, nextFree.get(c) ?? MARGIN);
    y.set(id, top);
    nextFree.set(c, top + height + ROW_GAP);
    return top;
  };
  for (const n of nodes) if (!hasParent.has(n.id)) placeTree(n.id);

  const positions = new Map<string, { x: number; y: number }>();
  let height = 0;
  for (const n of nodes) {
    const top = y.get(n.id) ?? MARGIN;
    positions.set(n.id, { x: columnX[colOf(n.id)] ?? MARGIN, y: top });
    height = Math.max(height, top + SIZE[n.kind].height + MARGIN);
  }
  return { positions, width: x - COLUMN_GAP + MARGIN, height };
}
