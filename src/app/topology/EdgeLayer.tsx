/**
 * The graph's edges, all in one SVG under the nodes, with their labels.
 *
 * React Flow draws each edge in an SVG element of its own. Chromium gives each of those its
 * own paint chunk, and on every frame that paints anything (each key typed in the editor,
 * each frame of the token's trip) it sorts all of the page's chunks into layers again, and
 * goes over their drawing commands: on the 200-document file, with 362 edges in view, that
 * step took about 1.2 ms more per frame than with no edges at all. Here the edges that look
 * alike are the subpaths of one path (dashes restart with each subpath), so the graph draws
 * its edges with at most four paths of one SVG. The edges are not interactive (the nodes
 * are), so nothing is lost by drawing them ourselves.
 */
import { EdgeLabelRenderer, useStore, type ReactFlowState } from '@xyflow/react';
import { useCallback, useMemo } from 'react';
import { shallow } from 'zustand/shallow';
import { edgeCurve, edgeMayShow, viewRect, type EdgeCurve, type NodeBox } from './edgeGeometry.js';

export interface DrawnEdge {
  readonly id: string;
  readonly source: string;
  readonly target: string;
  /** Dashed: not in the YAML. */
  readonly assumed: boolean;
  /** On the trace's path: drawn thick, and above the others. */
  readonly onPath: boolean;
  /** A condition or a weight, shown once per target (TopologyGraph.tsx). */
  readonly label?: string;
}

interface PlacedEdge extends DrawnEdge {
  readonly from: NodeBox;
  readonly to: NodeBox;
  readonly curve: EdgeCurve;
}

export function EdgeLayer({
  edges,
  nodes,
  cull,
}: {
  readonly edges: readonly DrawnEdge[];
  readonly nodes: ReadonlyMap<string, NodeBox>;
  /** Only the edges that may cross the view, as for React Flow's `onlyRenderVisibleElements`. */
  readonly cull: boolean;
}) {
  const placed = useMemo(() => {
    const out: PlacedEdge[] = [];
    for (const e of edges) {
      const from = nodes.get(e.source);
      const to = nodes.get(e.target);
      if (from && to) out.push({ ...e, from, to, curve: edgeCurve(from, to) });
    }
    // The path last, so that no other edge is drawn across it.
    return [...out.filter((e) => !e.onPath), ...out.filter((e) => e.onPath)];
  }, [edges, nodes]);

  // Which edges to draw: re-rendered while panning only when that set changes.
  const shownIndexes = useStore(
    useCallback(
      (s: ReactFlowState): number[] => {
        // Runs on every change of React Flow's store (each frame of a pan): one pass.
        const view = cull ? viewRect(s.transform, s.width, s.height) : undefined;
        const shown: number[] = [];
        placed.forEach((e, i) => {
          if (!view || edgeMayShow(e.from, e.to, view)) shown.push(i);
        });
        return shown;
      },
      [placed, cull],
    ),
    shallow,
  );
  const shown = shownIndexes.flatMap((i) => placed[i] ?? []);
  // One path per look; `placed` has the path's edges last, so their path comes last.
  const looks = new Map<string, string[]>();
  for (const e of shown) {
    const look = `topo-edge${e.assumed ? ' assumed' : ''}${e.onPath ? ' on-path' : ''}`;
    const curves = looks.get(look) ?? [];
    curves.push(e.curve.d);
    looks.set(look, curves);
  }

  return (
    <EdgeLabelRenderer>
      <svg className="topo-edges" aria-hidden="true" data-testid="topo-edges">
        {[...looks].map(([look, curves]) => (
          <path key={look} className={look} d={curves.join(' ')} />
        ))}
      </svg>
      {shown.map(
        (e) =>
          e.label !== undefined && (
            <div
              key={e.id}
              className="edge-label"
              style={{
                transform: `translate(-50%, -50%) translate(${e.curve.labelX}px, ${e.curve.labelY}px)`,
              }}
            >
              {e.label}
            </div>
          ),
      )}
    </EdgeLabelRenderer>
  );
}
