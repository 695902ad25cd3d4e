/**
 * Where the graph's edges are drawn: the curve between two placed nodes, and which edges a
 * view shows. Pure, so it is tested in Node; `EdgeLayer.tsx` draws what it returns.
 *
 * The curve is React Flow's own bezier (`getBezierPath`) between the points its handles
 * would give: the middle of the source's right side and of the target's left side, each
 * half a handle outside the node (React Flow's base.css centres a 5 px handle on the side).
 */
import { getBezierPath, Position } from '@xyflow/react';

/** A node as the layout placed it (worker/layout.ts), in graph coordinates. */
export interface NodeBox {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** What a view shows, in graph coordinates. */
export interface ViewRect {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** React Flow's base.css: handles are at least 5 px wide, centred on the node's side. */
const HANDLE_HALF_WIDTH = 2.5;

export interface EdgeCurve {
  /** The SVG path. */
  readonly d: string;
  /** Where a label sits: the curve's middle. */
  readonly labelX: number;
  readonly labelY: number;
}

export function edgeCurve(source: NodeBox, target: NodeBox): EdgeCurve {
  const [d, labelX, labelY] = getBezierPath({
    sourceX: source.x + source.width + HANDLE_HALF_WIDTH,
    sourceY: source.y + source.height / 2,
    sourcePosition: Position.Right,
    targetX: target.x - HANDLE_HALF_WIDTH,
    targetY: target.y + target.height / 2,
    targetPosition: Position.Left,
  });
  return { d, labelX, labelY };
}

/**
 * The view of a React Flow pane: its size on screen and its transform
 * ([translateX, translateY, zoom]), in graph coordinates.
 */
export function viewRect(
  transform: readonly [number, number, number],
  width: number,
  height: number,
): ViewRect {
  const [tx, ty, zoom] = transform;
  return { x: -tx / zoom, y: -ty / zoom, width: width / zoom, height: height / zoom };
}

/**
 * Whether an edge may cross the view: the box around its two nodes overlaps it. The same
 * test React Flow applies to its own edges under `onlyRenderVisibleElements`, so a large
 * graph shows the same edges it showed when React Flow drew them.
 */
export function edgeMayShow(source: NodeBox, target: NodeBox, view: ViewRect): boolean {
  const left = Math.min(source.x, target.x);
  const top = Math.min(source.y, target.y);
  // A box of no width or height still counts when it lies inside the view.
  const right = Math.max(source.x + source.width, target.x + target.width, left + 1);
  const bottom = Math.max(source.y + source.height, target.y + target.height, top + 1);
  return (
    left < view.x + view.width && right > view.x && top < view.y + view.height && bottom > view.y
  );
}
