import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Trace } from '../../engine/index.js';
import type { EngineOutcome, TraceOutcome } from '../worker/client.js';
import type { EngineJob } from '../worker/protocol.js';
import { BUSY_DELAY_MS, DEBOUNCE_MS, connectEngine } from './engineRunner.js';
import { createAppStore } from './store.js';

/** An engine that answers when the test says so, with the worker time it is given. */
class FakeEngine {
  readonly jobs: { job: EngineJob; onTrace?: (part: TraceOutcome) => void }[] = [];
  run(job: EngineJob, onTrace?: (part: TraceOutcome) => void): Promise<EngineOutcome> {
    this.jobs.push({ job, ...(onTrace ? { onTrace } : {}) });
    return new Promise(() => {});
  }
  trace(ms: number): void {
    const last = this.jobs[this.jobs.length - 1];
    last?.onTrace?.({
      trace: { summary: 'ok' } as unknown as Trace,
      path: { hops: [] },
      elapsedMs: ms,
    });
  }
}

describe('the engine runner', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('runs each edit at once while traces are fast; one slow trace does not change that', () => {
    const store = createAppStore();
    const engine = new FakeEngine();
    connectEngine(store, engine);
    engine.trace(5);
    store.getState().setYaml('a');
    expect(engine.jobs).toHaveLength(2);
    engine.trace(80); // a hiccup
    store.getState().setYaml('ab');
    expect(engine.jobs).toHaveLength(3);
  });

  it('waits for a typing pause when the recent traces were all slow', () => {
    const store = createAppStore();
    const engine = new FakeEngine();
    connectEngine(store, engine);
    for (let i = 0; i < 3; i++) {
      engine.trace(80);
      store.getState().setYaml(`slow ${i}`);
      vi.advanceTimersByTime(DEBOUNCE_MS);
    }
    engine.trace(80);
    const before = engine.jobs.length;
    store.getState().setYaml('typing');
    expect(engine.jobs).toHaveLength(before);
    vi.advanceTimersByTime(DEBOUNCE_MS);
    expect(engine.jobs).toHaveLength(before + 1);
  });

  it('turns busy only when the answer is late', () => {
    const store = createAppStore();
    const engine = new FakeEngine();
    connectEngine(store, engine);
    engine.trace(5);
    store.getState().setYaml('a');
    vi.advanceTimersByTime(BUSY_DELAY_MS - 1);
    engine.trace(5);
    vi.advanceTimersByTime(BUSY_DELAY_MS);
    expect(store.getState().pending).toBe(false);
    store.getState().setYaml('ab');
    vi.advanceTimersByTime(BUSY_DELAY_MS);
    expect(store.getState().pending).toBe(true);
    engine.trace(5);
    expect(store.getState().pending).toBe(false);
  });

  it("asks the next frame to take each job's trace, after the job has gone to the engine", () => {
    const store = createAppStore();
    const engine = Object.assign(new FakeEngine(), { takeTrace: vi.fn() });
    const frames: (() => void)[] = [];
    connectEngine(store, engine, DEBOUNCE_MS, (take) => frames.push(take));
    engine.trace(5);
    store.getState().setYaml('a');
    expect(frames).toHaveLength(2);
    expect(engine.takeTrace).not.toHaveBeenCalled();
    for (const take of frames) take();
    expect(engine.takeTrace).toHaveBeenCalledTimes(2);
  });
});
