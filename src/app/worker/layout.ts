/**
 * Places the topology graph's nodes: one column per kind of hop (client, DNS and load
 * balancers, replicas, listeners, hosts, routes, Services, pods), left to right, and in each
 * column the order in which the request meets them. A tidy-tree pass over the first parent
 * of each node puts a parent level with its children, so a host sits beside its routes and a
 * Service beside its pods. Linear in the size of the graph: 900 nodes take a few
 * milliseconds, where a general layered layout (dagre) took seconds. Runs in the worker, and
 * only when the graph's structure or a node's size changes: typing inside a value keeps every
 * node in place (the page still gets the nodes' new text).
 */
import type { TopoEdge, TopoKind, TopoNode, TopologyView } from '../topology/types.js';
import type { UnplacedNode } from './topology.js';

/**
 * Node widths, sized for the page's text (app.css `.topo-*`: the label 14px semibold, the
 * kind and the sublabel 13px) so that the shop example fits the graph panel of a 1280×800
 * screen at a zoom of 12/13 or more: a projector shows no node text under 12px. Labels wrap
 * onto a second line (a pod's name shortens in the middle instead, keeping the suffix that
 * tells pods apart); sublabels shorten (the details panel shows them in full).
 */
const WIDTH: Readonly<Record<TopoKind, number>> = {
  client: 68,
  dns: 100,
  lb: 116,
  replica: 116,
  listener: 112,
  host: 128,
  route: 124,
  respond: 124,
  service: 104,
  pod: 124,
};

/** A node with a one-line label: the kind, the label and the sublabel lines, and padding. */
const HEIGHT = 60;
/** The label's second line, when it wraps. */
const LINE = 18;
/** Average width of a label character: DejaVu Sans semibold at 14px, the widest page font. */
const LABEL_CHAR = 8.9;
/** Padding and border (3px on the trace's path) on both sides. */
const NODE_PADDING_X = 20;
/** Kinds whose label stays on one line (short names; a pod's name shortens in the middle). */
const ONE_LINE: ReadonlySet<TopoKind> = new Set(['client', 'dns', 'pod']);

/** The label's lines as the page will wrap it: one, or two when it is too long for one. */
function labelLines(n: UnplacedNode): number {
  if (ONE_LINE.has(n.kind)) return 1;
  return n.label.length * LABEL_CHAR > WIDTH[n.kind] - NODE_PADDING_X ? 2 : 1;
}

function sizeOf(n: UnplacedNode): { width: number; height: number } {
  return { width: WIDTH[n.kind], height: HEIGHT + (labelLines(n) - 1) * LINE };
}

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

const ROW_GAP = 10;
const COLUMN_GAP = 18;
/** Extra room before a column that an edge with a label (a canary's condition) enters. */
const LABEL_ROOM = 100;
const MARGIN = 10;

/** FNV-1a, 32 bits, over strings fed one by one (each ends with a separator). */
class Fnv {
  private h = 0x811c9dc5;
  mix(s: string): void {
    let h = this.h;
    for (let i = 0; i < s.length; i++) {
      h ^= s.charCodeAt(i);
      h = Math.imul(h, 0x01000193);
    }
    h ^= 10;
    this.h = Math.imul(h, 0x01000193);
  }
  /** A non-negative integer (a line, a size), without making a string of it. */
  mixNumber(n: number): void {
    let h = this.h;
    for (let v = n; ; v = Math.floor(v / 256)) {
      h ^= v & 0xff;
      h = Math.imul(h, 0x01000193);
      if (v < 256) break;
    }
    h ^= 10;
    this.h = Math.imul(h, 0x01000193);
  }
  get value(): string {
    return (this.h >>> 0).toString(36);
  }
}

/** The structure: node ids and edges. Positions depend on it (and on the nodes' sizes). */
export function structureKey(nodes: readonly UnplacedNode[], edges: readonly TopoEdge[]): string {
  const h = new Fnv();
  for (const n of nodes) h.mix(n.id);
  for (const e of edges) h.mix(e.id);
  return `${nodes.length}.${edges.length}.${h.value}`;
}

/**
 * What the nodes and edges show, besides their ids: kind, label, sublabel, warning, the
 * assumed mark, details, the source (its lines: clicking a node selects them) and edge
 * labels. A value edit that keeps the structure changes this key, so the page gets the new
 * text; typing in a comment that moves no line keeps it. One pass, no allocation per node.
 */
export function contentKey(nodes: readonly UnplacedNode[], edges: readonly TopoEdge[]): string {
  const h = new Fnv();
  for (const n of nodes) {
    h.mix(n.kind);
    h.mix(n.label);
    h.mix(n.sublabel ?? '\u0000');
    h.mix(n.warning ?? '\u0000');
    h.mix(n.assumed ? 'a' : '');
    for (const [k, v] of n.details) {
      h.mix(k);
      h.mix(v);
    }
    h.mix('\u0001');
    const s = n.source;
    if (s) {
      h.mix(s.kind);
      h.mix(s.namespace);
      h.mix(s.name);
      h.mix(s.file ?? '');
      h.mixNumber(s.range.startLine);
      h.mixNumber(s.range.endLine);
      for (const step of s.path) h.mix(String(step));
    }
    h.mix('\u0002');
  }
  for (const e of edges) {
    h.mix(e.label ?? '\u0000');
    h.mix(e.assumed ? 'a' : '');
  }
  return h.value;
}

/** The nodes' sizes: a label that wraps onto another line makes its node taller. */
function sizesKey(nodes: readonly UnplacedNode[]): string {
  const h = new Fnv();
  for (const n of nodes) {
    h.mixNumber(WIDTH[n.kind]);
    h.mixNumber(labelLines(n));
  }
  return h.value;
}

/** The keys of a graph: `key` names what the page has (structure and content). */
export function viewKeys(
  nodes: readonly UnplacedNode[],
  edges: readonly TopoEdge[],
): { readonly key: string; readonly structure: string } {
  const structure = structureKey(nodes, edges);
  return { key: `${structure}.${contentKey(nodes, edges)}`, structure };
}

interface Placement {
  readonly positions: ReadonlyMap<string, { x: number; y: number; width: number; height: number }>;
  readonly width: number;
  readonly height: number;
}

/**
 * Places graphs, keeping the last placement: a graph with the same structure and the same
 * node sizes (a value edit: a port, a replica count, a moved line) reuses its positions
 * with the new nodes' text; a new structure, or a node whose size changed (a label that
 * now wraps), is laid out again.
 */
export class TopologyLayout {
  private cache: (Placement & { key: string }) | undefined;
  /** How many times a graph was laid out (not taken from the cache): for tests. */
  layouts = 0;

  place(
    nodes: readonly UnplacedNode[],
    edges: readonly TopoEdge[],
    keys: { readonly key: string; readonly structure: string } = viewKeys(nodes, edges),
  ): TopologyView {
    const layoutKey = `${keys.structure}.${sizesKey(nodes)}`;
    if (this.cache?.key !== layoutKey) {
      this.cache = { key: layoutKey, ...layout(nodes, edges) };
      this.layouts++;
    }
    const { positions, width, height } = this.cache;
    const placed: TopoNode[] = nodes.map((n) => {
      const p = positions.get(n.id) ?? { x: 0, y: 0, ...sizeOf(n) };
      return { ...n, x: p.x, y: p.y, width: p.width, height: p.height };
    });
    return {
      key: keys.key,
      structure: keys.structure,
      placement: layoutKey,
      nodes: placed,
      edges,
      width,
      height,
    };
  }
}

export function layout(nodes: readonly UnplacedNode[], edges: readonly TopoEdge[]): Placement {
  const kind = new Map(nodes.map((n) => [n.id, n.kind]));
  const size = new Map(nodes.map((n) => [n.id, sizeOf(n)]));
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
    columnWidth.set(c, Math.max(columnWidth.get(c) ?? 0, WIDTH[n.kind]));
  }
  const labelled = new Set<number>();
  for (const e of edges) if (e.label && kind.has(e.target)) labelled.add(colOf(e.target));
  const columnX: number[] = [];
  let x = MARGIN;
  for (let c = 0; c < used.length; c++) {
    if (labelled.has(c)) x += LABEL_ROOM;
    columnX[c] = x;
    x += (columnWidth.get(c) ?? 0) + COLUMN_GAP;
  }

  // Tidy tree: leaves take the next free row of their column; a parent sits level with the
  // middle of its children, pushed down if its column is already filled there.
  const nextFree = new Map<number, number>();
  const y = new Map<string, number>();
  const placeTree = (id: string): number => {
    const c = colOf(id);
    const height = size.get(id)?.height ?? HEIGHT;
    const kids = children.get(id) ?? [];
    let want: number;
    if (kids.length === 0) want = nextFree.get(c) ?? MARGIN;
    else {
      // Level with the middle of the children's span (their heights may differ).
      const ys = kids.map(placeTree);
      const last = kids[kids.length - 1] ?? id;
      const bottom = (ys[ys.length - 1] ?? 0) + (size.get(last)?.height ?? HEIGHT);
      want = ((ys[0] ?? 0) + bottom - height) / 2;
    }
    const top = Math.max(want, nextFree.get(c) ?? MARGIN);
    y.set(id, top);
    nextFree.set(c, top + height + ROW_GAP);
    return top;
  };
  for (const n of nodes) if (!hasParent.has(n.id)) placeTree(n.id);

  const positions = new Map<string, { x: number; y: number; width: number; height: number }>();
  let height = 0;
  for (const n of nodes) {
    const top = y.get(n.id) ?? MARGIN;
    const s = size.get(n.id) ?? sizeOf(n);
    positions.set(n.id, { x: columnX[colOf(n.id)] ?? MARGIN, y: top, ...s });
    height = Math.max(height, top + s.height + MARGIN);
  }
  return { positions, width: x - COLUMN_GAP + MARGIN, height };
}
