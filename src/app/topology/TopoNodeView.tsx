/**
 * One node of the topology graph: its kind (and "assumed"), its label and a second, smaller
 * line. Sizes come from the worker's layout (worker/layout.ts), which sizes them for the
 * fonts in app.css (`.topo-*`).
 */
import { Handle, Position, type Node, type NodeProps } from '@xyflow/react';
import { Fragment, memo } from 'react';
import type { TopoNode } from './types.js';

export type TopoData = {
  readonly node: TopoNode;
  readonly onPath: boolean;
  readonly failedHere: boolean;
  readonly stageSelected: boolean;
};
export type FlowNode = Node<TopoData, 'topo'>;

export const KIND_LABELS: Readonly<Record<TopoNode['kind'], string>> = {
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

/**
 * A node's label. A pod's name shortens in the middle ("frontend-ps5j…-whfcr"): its suffix is
 * what tells replicas apart. Other labels wrap onto a second line, preferably after a dot, a
 * slash or a hyphen (host names, paths, generated names).
 */
function Label({ kind, text }: { readonly kind: TopoNode['kind']; readonly text: string }) {
  if (kind === 'pod') {
    const cut = text.lastIndexOf('-');
    if (cut > 0 && text.length - cut <= 8) {
      return (
        <span className="topo-label topo-label-split">
          <span className="topo-label-head">{text.slice(0, cut)}</span>
          <span className="topo-label-tail">{text.slice(cut)}</span>
        </span>
      );
    }
  }
  const parts = text.split(/(?<=[./-])/);
  return (
    <span className="topo-label">
      {parts.map((part, i) => (
        <Fragment key={i}>
          {i > 0 && <wbr />}
          {part}
        </Fragment>
      ))}
    </span>
  );
}

export const TopoNodeView = memo(function TopoNodeView({ data: flags }: NodeProps<FlowNode>) {
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
        {data.assumed && <span className="topo-assumed">assumed</span>}
        {data.kind !== 'client' && data.kind !== 'dns' && (
          <span className="topo-kind-text">{KIND_LABELS[data.kind]}</span>
        )}
      </span>
      <Label kind={data.kind} text={data.label} />
      {data.warning ? (
        <span className="topo-sub topo-warning">{data.warning}</span>
      ) : (
        data.sublabel && <span className="topo-sub">{data.sublabel}</span>
      )}
      <Handle type="source" position={Position.Right} isConnectable={false} />
    </div>
  );
});
