/**
 * Moves the trace token along the path, hop by hop, with the Web Animations API (the
 * browser interpolates; React renders nothing per frame). Each attempt to a pod is a trip
 * of its own: the token goes back to the route and out again.
 *
 * Only `transform` and `opacity` are animated, so the browser runs the trip on its
 * compositor: a trip costs the page's main thread no frame of its own, and typing in the
 * editor while the token travels stays as quick as without it. (An animated background
 * colour made every frame of a trip repaint the graph on the main thread.) The fail colour
 * is the token's `::after`, faded in on the way to the hop that failed.
 */
import type { TopologyView, TracePath } from './types.js';

export const HOP_MS = 420;

/** A trip under way. */
export interface TokenTrip {
  cancel(): void;
}

/**
 * Puts the token on the path's last hop; with `animate`, it first travels the path and `done`
 * runs when the trip has ended (not when it is cancelled).
 */
export function playToken(
  el: HTMLElement,
  view: TopologyView,
  path: TracePath,
  animate = true,
  done?: () => void,
): TokenTrip | null {
  const centre = new Map(
    view.nodes.map((n) => [n.id, { x: n.x + n.width / 2, y: n.y + n.height / 2 }]),
  );
  const points = path.hops.flatMap((h) => {
    const c = centre.get(h.node);
    return c ? [{ ...c, fail: h.outcome === 'fail' }] : [];
  });
  if (points.length === 0) return null;
  const last = points[points.length - 1] as (typeof points)[number];
  const place = (p: { x: number; y: number }): string =>
    `translate(${p.x}px, ${p.y}px) translate(-50%, -50%)`;
  // The resting place is the last hop, in the element's own style: a trip runs over it and,
  // once ended or cancelled, leaves the token there, in the colour of how the path ended.
  el.style.transform = place(last);
  el.classList.toggle('failed', last.fail);
  if (!animate || typeof el.animate !== 'function' || points.length === 1) return null;
  if (window.matchMedia?.('(prefers-reduced-motion: reduce)').matches) return null;
  const timing: KeyframeAnimationOptions = {
    duration: HOP_MS * (points.length - 1),
    easing: 'linear',
  };
  const offset = (i: number): number => i / (points.length - 1);
  const move = el.animate(
    points.map((p, i) => ({ transform: place(p), offset: offset(i) })),
    timing,
  );
  const colour = el.animate(
    points.map((p, i) => ({ opacity: p.fail ? 1 : 0, offset: offset(i) })),
    { ...timing, pseudoElement: '::after' },
  );
  el.dataset['playing'] = 'true';
  let over = false;
  const end = (): void => {
    if (over) return;
    over = true;
    delete el.dataset['playing'];
  };
  move.onfinish = () => {
    end();
    done?.();
  };
  return {
    cancel() {
      end();
      move.cancel();
      colour.cancel();
    },
  };
}
