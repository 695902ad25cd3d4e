/**
 * The topology graph: React Flow drawing the worker's view-model (positions included), the
 * trace's path lit up, and the token that travels it. Nodes are rebuilt only when the graph
 * or the path changes, never per animation frame.
 */
import {
  Background,
  Controls,
  Handle,
  Position,
  ReactFlow,
  ViewportPortal,
  useReactFlow,
  type Edge,
  type Node,
  type NodeProps,
} from '@xyflow/react';
import '@xyflow/react/dist/base.css';
import { memo, useEffect, useMemo, useRef, useState } from 'react';
import { useAppStore } from '../state/store.js';
import { playToken } from './token.js';
import { TrafficCanvas } from './TrafficCanvas.js';
import type { TopoNode, TopologyView, TracePath } from './types.js';

type TopoData = {
  readonly node: TopoNode;
  readonly onPath: boolean;
  readonly failedHere: boolean;
  readonly stageSelected: boolean;
};
type FlowNode = Node<TopoData, 'topo'>;

const KIND_LABELS: Readonly<Record<TopoNode['kind'], string>> = {
  client: 'client',
  dns: 'DNS',
  lb: 'cloud LB',
  replica: 'controller',
  listener: 'listener',
  host: 'host',
  route: 'route',
  respond: 'answers itself',
  service: 'Service',
  pod: 'pod',
};

const TopoNodeView = memo(function TopoNodeView({ data: flags }: NodeProps<FlowNode>) {
  const data = { ...flags.node, ...flags };
  const classes = [
    'topo-node',
    `kind-${data.kind}`,
    data.assumed ? 'assumed' : '',
    data.onPath ? 'on-path' : '',
    data.failedHere ? 'failed-here' : '',
    data.stageSelected ? 'stage-selected' : '',
    data.warning ? 'has-warning' : '',
  ];
  return (
    <div className={classes.join(' ')} title={`${KIND_LABELS[data.kind]}: ${data.label}`}>
      <Handle type="target" position={Position.Left} isConnectable={false} />
      <span className="topo-kind">
        {data.kind !== 'client' && data.kind !== 'dns' && (
          <span className="topo-kind-text">{KIND_LABELS[data.kind]}</span>
        )}
        {data.assumed && <span className="topo-assumed">assumed</span>}
      </span>
      <span className="topo-label">{data.label}</span>
      {data.warning ? (
        <span className="topo-sub topo-warning">{data.warning}</span>
      ) : (
        data.sublabel && <span className="topo-sub">{data.sublabel}</span>
      )}
      <Handle type="source" position={Position.Right} isConnectable={false} />
    </div>
  );
});

const NODE_TYPES = { topo: TopoNodeView };

function toFlow(
  view: TopologyView,
  path: TracePath | null,
  selectedStage: string | null,
): { nodes: FlowNode[]; edges: Edge[] } {
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
  const edges: Edge[] = view.edges.map((e) => ({
    id: e.id,
    source: e.source,
    target: e.target,
    ...(e.label ? { label: e.label } : {}),
    className: [e.assumed ? 'assumed' : '', pathEdges.has(e.id) ? 'on-path' : ''].join(' '),
    focusable: false,
  }));
  return { nodes, edges };
}

function FitOnChange({ graphKey }: { readonly graphKey: string }) {
  const flow = useReactFlow();
  useEffect(() => {
    const id = requestAnimationFrame(() => void flow.fitView({ padding: 0.06, maxZoom: 1.1 }));
    return () => cancelAnimationFrame(id);
  }, [graphKey, flow]);
  return null;
}

/**
 * The token: one element moved by the Web Animations API along the path's nodes. It travels
 * when `seq` changes (a new answer); a new layout or path alone only moves it to its place.
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
    const animation = playToken(el, v, p);
    return () => animation?.cancel();
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

  if (!view) return <p className="hint graph-empty">Reading the YAML…</p>;
  return (
    <ReactFlow
      nodes={nodes}
      edges={flow.edges}
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
      minZoom={0.2}
      maxZoom={2}
      fitView
      fitViewOptions={{ padding: 0.06, maxZoom: 1.1 }}
      proOptions={{ hideAttribution: true }}
      aria-label="Topology: the path from the client to the pods"
    >
      <FitOnChange graphKey={view.key} />
      <Background gap={24} size={1} />
      <Controls showInteractive={false} position="bottom-right" />
      {showTraffic ? <TrafficCanvas /> : <Token view={view} path={path} seq={seq} />}
    </ReactFlow>
  );
}
