/**
 * Runs a reader in the frame that draws a key: in an animation-frame callback, and, if what
 * it reads was not in yet, once more after that frame's layout, before the frame is painted.
 *
 * The second chance comes from a ResizeObserver. A browser calls resize observers in a frame
 * after its animation-frame callbacks, style and layout, and lays out again whatever their
 * callbacks change before it paints (the HTML "update the rendering" steps). A hidden 1px
 * probe that changes width in the first callback makes that call happen. The engine worker so
 * gets the frame's style and layout as extra time to finish, and an answer that makes it is
 * still drawn with its key instead of a frame (16.7 ms) later.
 */

/** Reads what there is; true when it is still waiting for something to read. */
export type FrameReader = () => boolean;

export interface FrameHooks {
  readonly requestFrame: (callback: () => void) => void;
  readonly observeResize: (element: HTMLElement, callback: () => void) => void;
}

const BROWSER: FrameHooks = {
  requestFrame: (callback) => requestAnimationFrame(callback),
  observeResize: (element, callback) => new ResizeObserver(callback).observe(element),
};

export function createKeyFrame(
  doc: Document = document,
  hooks: FrameHooks = BROWSER,
): (read: FrameReader) => void {
  let late: FrameReader | undefined;
  // Made at once, not on the first late answer: resize observers are called in the order
  // they were made, and one made later (bench/page.ts times frames with one) then sees what
  // this one's callback changes.
  const probe = doc.createElement('div');
  probe.setAttribute('aria-hidden', 'true');
  probe.style.cssText =
    'position:fixed;left:0;top:0;width:1px;height:1px;visibility:hidden;pointer-events:none;contain:strict';
  doc.body.append(probe);
  hooks.observeResize(probe, () => {
    const read = late;
    late = undefined;
    read?.();
  });
  return (read) =>
    hooks.requestFrame(() => {
      if (!read()) return;
      late = read;
      probe.style.width = probe.style.width === '1px' ? '2px' : '1px';
    });
}
