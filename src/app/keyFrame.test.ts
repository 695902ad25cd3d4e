import { describe, expect, it } from 'vitest';
import { createKeyFrame, type FrameHooks } from './keyFrame.js';

/** A frame by hand: its animation-frame callbacks, then (after layout) its resize observers. */
class FakeFrames implements FrameHooks {
  readonly callbacks: (() => void)[] = [];
  readonly observers: {
    element: { style: { width: string } };
    callback: () => void;
    seen: string;
  }[] = [];
  readonly requestFrame = (callback: () => void): void => {
    this.callbacks.push(callback);
  };
  readonly observeResize = (element: HTMLElement, callback: () => void): void => {
    this.observers.push({ element, callback, seen: '' });
  };

  run(): void {
    for (const callback of this.callbacks.splice(0)) callback();
    // Resize observers are called for elements whose size changed since they last looked.
    for (const o of this.observers) {
      if (o.element.style.width === o.seen) continue;
      o.seen = o.element.style.width;
      o.callback();
    }
  }
}

function fakeDocument(): { doc: Document; appended: unknown[] } {
  const appended: unknown[] = [];
  const doc = {
    createElement: () => ({ style: { cssText: '', width: '' }, setAttribute: () => undefined }),
    body: { append: (e: unknown) => appended.push(e) },
  } as unknown as Document;
  return { doc, appended };
}

describe('createKeyFrame', () => {
  it('reads once in the frame when the answer is there, and leaves the probe as it was', () => {
    const frames = new FakeFrames();
    const { doc, appended } = fakeDocument();
    const inKeyFrame = createKeyFrame(doc, frames);
    let reads = 0;
    inKeyFrame(() => {
      reads++;
      return false;
    });
    expect(reads).toBe(0);
    frames.run();
    expect(reads).toBe(1);
    expect(appended).toHaveLength(1);
    const width = frames.observers[0]?.element.style.width;
    inKeyFrame(() => {
      reads++;
      return false;
    });
    frames.run();
    expect(reads).toBe(2);
    expect(frames.observers[0]?.element.style.width).toBe(width);
  });

  it('looks again after layout in the same frame when the answer was not in yet', () => {
    const frames = new FakeFrames();
    const { doc, appended } = fakeDocument();
    const inKeyFrame = createKeyFrame(doc, frames);
    const when: string[] = [];
    let written = false;
    inKeyFrame(() => {
      when.push(written ? 'read' : 'not yet');
      written = true; // the worker finishes while the frame lays out
      return when.length === 1;
    });
    frames.run();
    expect(when).toEqual(['not yet', 'read']);
    expect(appended).toHaveLength(1);
  });

  it('gives each frame its own second look, on the same probe', () => {
    const frames = new FakeFrames();
    const { doc, appended } = fakeDocument();
    const inKeyFrame = createKeyFrame(doc, frames);
    let reads = 0;
    const neverIn = (): boolean => {
      reads++;
      return true;
    };
    inKeyFrame(neverIn);
    frames.run();
    inKeyFrame(neverIn);
    frames.run();
    // Two frames, each: the callback's read and the one after layout. Then nothing more.
    expect(reads).toBe(4);
    frames.run();
    expect(reads).toBe(4);
    expect(appended).toHaveLength(1);
    expect(frames.observers).toHaveLength(1);
  });
});
