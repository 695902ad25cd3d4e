/**
 * Moves the trace token along the path, hop by hop, with the Web Animations API (the
 * browser interpolates; React renders nothing per frame). Each attempt to a pod is a trip
 * of its own: the token goes back to the route and out again.
 */
import type { TopologyView, TracePath } from './types.js';

export const HOP_MS = 420;

export function playToken(
  el: HTMLElement,
  view: TopologyView,
  path: TracePath,
  animate = true,
): Animation | null {
  const centre = new Map(
    view.nodes.map((n) => [n.id, { x: n.x + n.width / 2, y: n.y + n.height / 2 }]),
  );
  const points = path.hops.flatMap((h) => {
    const c = centre.get(h.node);
    return c ? [{ ...c, fail: h.outcome === 'fail' }] : [];
  });
  if (points.length === 0 || typeof el.animate !== 'function') return null;
  const reduced = window.matchMedia?.('(prefers-reduced-motion: reduce)').matches ?? false;
  const last = points[points.length - 1] as (typeof points)[number];
  const place = (p: { x: number; y: number }): string =>
    `translate(${p.x}px, ${p.y}px) translate(-50%, -50%)`;
  // The resting place is the last hop: the animation runs over it, and a cancelled or
  // finished animation leaves the token there.
  el.style.transform = place(last);
  el.classList.toggle('failed', last.fail);
  if (!animate || reduced || points.length === 1) return null;
  const frames: Keyframe[] = points.map((p, i) => ({
    transform: place(p),
    offset: i / (points.length - 1),
    backgroundColor: p.fail ? 'var(--fail)' : 'var(--accent)',
  }));
  el.dataset['playing'] = 'true';
  return el.animate(frames, {
    duration: HOP_MS * (points.length - 1),
    easing: 'linear',
    fill: 'forwards',
  });
}
