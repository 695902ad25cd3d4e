/**
 * The graph's zoom: a fit that keeps the text readable, and the controls (zoom in, zoom out,
 * fit) drawn over the graph.
 */
import { ControlButton, Controls, useReactFlow, useStore } from '@xyflow/react';
import { useCallback, useEffect } from 'react';
import type { TopologyView } from './types.js';

/** Node text is 13-14px (app.css): a fit never zooms out so far that it shows under 12px. */
export const MIN_READABLE_ZOOM = 12 / 13;
const MAX_FIT_ZOOM = 1.3;
const FIT_PADDING = 8;

/**
 * Fits the graph to the panel, but never below a readable zoom: a graph too large for the
 * panel is shown at that zoom, centred, and the user pans to the rest (drag, or the zoom
 * buttons). Runs when the graph's structure changes, when
 * the panel's size changes (the exercise panel opens, the window resizes) and on "Fit".
 */
function useReadableFit(view: TopologyView): () => void {
  const flow = useReactFlow();
  const width = useStore((s) => s.width);
  const height = useStore((s) => s.height);
  const fit = useCallback(() => {
    if (width <= 0 || height <= 0) return;
    const room = { w: width - 2 * FIT_PADDING, h: height - 2 * FIT_PADDING };
    const fits = Math.min(room.w / view.width, room.h / view.height);
    const zoom = Math.min(MAX_FIT_ZOOM, Math.max(MIN_READABLE_ZOOM, fits));
    // Centred: a graph a little too large loses a sliver at each end, not a column at one.
    const x = (width - view.width * zoom) / 2;
    const y = (height - view.height * zoom) / 2;
    void flow.setViewport({ x, y, zoom });
  }, [flow, view.width, view.height, width, height]);
  useEffect(() => {
    const id = requestAnimationFrame(fit);
    return () => cancelAnimationFrame(id);
    // A new structure refits even when its size is the same; a new view of the same one not.
  }, [fit, view.structure]);
  return fit;
}

export function FitControls({ view }: { readonly view: TopologyView }) {
  const fit = useReadableFit(view);
  return (
    // Top left, horizontal: the corner a left-to-right graph leaves empty (the client sits
    // level with the middle of its column).
    <Controls
      showInteractive={false}
      showFitView={false}
      position="top-left"
      orientation="horizontal"
    >
      <ControlButton onClick={fit} title="Fit the graph" aria-label="Fit the graph">
        <svg viewBox="0 0 16 16" aria-hidden="true">
          <path
            d="M1 5V1h4M11 1h4v4M15 11v4h-4M5 15H1v-4"
            fill="none"
            stroke="currentColor"
            strokeWidth="2"
          />
        </svg>
      </ControlButton>
    </Controls>
  );
}
