/**
 * The topology graph: React Flow drawing the worker's view-model (positions included), the
 * trace's path lit up, and the token that travels it. Nodes are rebuilt only when the graph
 * or the path changes, never per animation frame.
 */
import { Background, ReactFlow, ViewportPortal } from '@xyflow/react';
import '@xyflow/react/dist/base.css';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useAppStore } from '../state/store.js';
import { EdgeLayer, type DrawnEdge } from './EdgeLayer.js';
import type { NodeBox } from './edgeGeometry.js';
import { FitControls } from './FitControls.js';
import { KIND_LABELS, TopoNodeView, type FlowNode } from './TopoNodeView.js';
import { playToken } from './token.js';
import { TrafficCanvas } from './TrafficCanvas.js';
import type { TopologyView, TracePath } from './types.js';

const NODE_TYPES = { topo: TopoNodeView };
/** React Flow draws no edge: EdgeLayer draws them all in one SVG. */
const NO_EDGES: never[] = [];

/**
 * Above this many nodes only the nodes and edges in view are in the page. A graph that large
 * (200 documents draw about 1,800 nodes and 14,000 elements) does not fit at a readable zoom
 * anyway, and every frame the browser draws, one per key typed in the editor among them,
 * pays for each element in the page: about 4 ms per key on the 200-document file. Smaller
 * graphs keep every node in the page, so Tab reaches each of them.
 */
export const RENDER_VISIBLE_ABOVE = 300;

function toFlow(
  view: TopologyView,
  path: TracePath | null,
  selectedStage: string | null,
): { nodes: FlowNode[]; edges: DrawnEdge[] } {
  const onPath = new Set(path?.hops.map((h) => h.node) ?? []);
  const failed = new Set(path?.hops.filter((h) => h.outcome === 'fail').map((h) => h.node) ?? []);
  const stageNodes = new Set(
    path?.hops.filter((h) => h.stage === selectedStage).map((h) => h.node) ?? [],
  );
  const pathEdges = new Set<string>();
  const hops = path?.hops ?? [];
  for (let i = 1; i < hops.length; i++) {
    const a = hops[i - 1];
    const b = hops[i];
    if (a && b && a.node !== b.node) pathEdges.add(`${a.node}->${b.node}`);
  }
  const nodes: FlowNode[] = view.nodes.map((n) => ({
    id: n.id,
    type: 'topo',
    position: { x: n.x, y: n.y },
    width: n.width,
    height: n.height,
    data: {
      node: n,
      onPath: onPath.has(n.id),
      failedHere: failed.has(n.id),
      stageSelected: stageNodes.has(n.id),
    },
    draggable: false,
    connectable: false,
    ariaLabel: `${KIND_LABELS[n.kind]} ${n.label}${n.assumed ? ' (assumed)' : ''}`,
  }));
  // Several routes may send to a canary Service on the same condition: its label shows once.
  const labelled = new Set<string>();
  const edges: DrawnEdge[] = view.edges.map((e) => {
    const label = e.label && !labelled.has(`${e.target} ${e.label}`) ? e.label : undefined;
    if (label) labelled.add(`${e.target} ${label}`);
    return {
      id: e.id,
      source: e.source,
      target: e.target,
      assumed: e.assumed === true,
      onPath: pathEdges.has(e.id),
      ...(label ? { label } : {}),
    };
  });
  return { nodes, edges };
}

/**
 * The token: one element moved by the Web Animations API along the path's nodes. It travels
 * when `seq` changes (a new answer); a new layout or path alone only moves it to its place,
 * at once when it rests, at the end of its trip when it travels.
 */
function Token({ view, path, seq }: { view: TopologyView; path: TracePath | null; seq: number }) {
  // The portal mounts its children after the first render: keep the element in state so
  // the effects run again once it exists.
  const [el, setEl] = useState<HTMLDivElement | null>(null);
  const latest = useRef({ view, path });
  useEffect(() => {
    latest.current = { view, path };
    if (el && path && el.dataset['playing'] !== 'true') playToken(el, view, path, false);
  }, [el, view, path]);
  useEffect(() => {
    const { view: v, path: p } = latest.current;
    if (!el || !p) return;
    const trip = playToken(el, v, p, true, () => {
      const now = latest.current;
      if (now.path) playToken(el, now.view, now.path, false);
    });
    return () => trip?.cancel();
  }, [el, seq]);
  return (
    <ViewportPortal>
      <div
        ref={setEl}
        className="trace-token"
        data-testid="trace-token"
        hidden={!path || path.hops.length === 0}
        aria-hidden="true"
      />
    </ViewportPortal>
  );
}

export function TopologyGraph() {
  const view = useAppStore((s) => s.topology);
  const path = useAppStore((s) => s.path);
  const seq = useAppStore((s) => s.resultSeq);
  const selectedStage = useAppStore((s) => s.selectedStage);
  const selectedNode = useAppStore((s) => s.selectedNode);
  const selectNode = useAppStore((s) => s.selectNode);
  const highlightLines = useAppStore((s) => s.highlightLines);
  const showTraffic = useAppStore((s) => s.resultTab === 'traffic' && s.simulation !== null);

  const flow = useMemo(
    () => (view ? toFlow(view, path, selectedStage) : { nodes: [], edges: [] }),
    [view, path, selectedStage],
  );
  const nodes = useMemo(
    () => flow.nodes.map((n) => (n.id === selectedNode ? { ...n, selected: true } : n)),
    [flow.nodes, selectedNode],
  );
  const boxes = useMemo(
    () => new Map<string, NodeBox>((view?.nodes ?? []).map((n) => [n.id, n])),
    [view],
  );
  const cull = (view?.nodes.length ?? 0) > RENDER_VISIBLE_ABOVE;

  if (!view) return <p className="hint graph-empty">Reading the YAML…</p>;
  return (
    <ReactFlow
      nodes={nodes}
      edges={NO_EDGES}
      nodeTypes={NODE_TYPES}
      onNodeClick={(_, node) => {
        selectNode(node.id);
        const source = view.nodes.find((n) => n.id === node.id)?.source;
        if (source) highlightLines(source.range);
      }}
      onPaneClick={() => selectNode(null)}
      nodesDraggable={false}
      nodesConnectable={false}
      elementsSelectable
      panActivationKeyCode={null}
      zoomActivationKeyCode={null}
      onlyRenderVisibleElements={cull}
      minZoom={0.2}
      maxZoom={2}
      proOptions={{ hideAttribution: true }}
      aria-label="Topology: the path from the client to the pods"
    >
      <EdgeLayer edges={flow.edges} nodes={boxes} cull={cull} />
      <FitControls view={view} />
      <Background gap={24} size={1} />
      {showTraffic ? <TrafficCanvas /> : <Token view={view} path={path} seq={seq} />}
    </ReactFlow>
  );
}
