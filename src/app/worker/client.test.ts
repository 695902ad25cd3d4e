import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Trace } from '../../engine/index.js';
import { EngineClient, type WorkerLike } from './client.js';
import type { EngineJob, EngineRequest, EngineResponse } from './protocol.js';

/** A worker that records what it is sent and answers only when the test says so. */
class FakeWorker implements WorkerLike {
  onmessage: ((event: MessageEvent<EngineResponse>) => void) | null = null;
  onerror: ((event: ErrorEvent) => void) | null = null;
  readonly received: EngineRequest[] = [];
  terminated = false;

  postMessage(message: EngineRequest): void {
    this.received.push(message);
  }

  terminate(): void {
    this.terminated = true;
  }

  answer(id: number): void {
    const trace = { summary: `trace ${id}` } as unknown as Trace;
    const data: EngineResponse = {
      id,
      ok: true,
      trace,
      diagnostics: [],
      yamlVersion: 1,
      topology: null,
      path: { hops: [] },
      lifecycle: null,
      config: null,
      simulation: null,
      elapsedMs: 1,
    };
    this.onmessage?.({ data } as MessageEvent<EngineResponse>);
  }
}

const job = (url: string): EngineJob => ({ yaml: '', request: { url }, seed: 1 });

describe('EngineClient', () => {
  let workers: FakeWorker[];
  let client: EngineClient;

  beforeEach(() => {
    vi.useFakeTimers();
    workers = [];
    client = new EngineClient(() => {
      const w = new FakeWorker();
      workers.push(w);
      return w;
    }, 5000);
  });

  afterEach(() => {
    client.dispose();
    vi.useRealTimers();
  });

  it('answers a job with the worker response', async () => {
    const outcome = client.run(job('http://a/'));
    workers[0]?.answer(1);
    await expect(outcome).resolves.toMatchObject({ kind: 'result', trace: { summary: 'trace 1' } });
  });

  it('keeps one job in the worker; a newer job replaces the waiting one (latest wins)', async () => {
    const first = client.run(job('http://1/'));
    const second = client.run(job('http://2/'));
    const third = client.run(job('http://3/'));
    await expect(first).resolves.toEqual({ kind: 'stale' });
    await expect(second).resolves.toEqual({ kind: 'stale' });
    const worker = workers[0] as FakeWorker;
    expect(worker.received.map((r) => r.request.url)).toEqual(['http://1/']);
    worker.answer(1); // the stale answer starts the newest waiting job instead
    expect(worker.received.map((r) => r.request.url)).toEqual(['http://1/', 'http://3/']);
    worker.answer(3);
    await expect(third).resolves.toMatchObject({ kind: 'result', trace: { summary: 'trace 3' } });
  });

  it('ignores answers to jobs it no longer waits for', async () => {
    const outcome = client.run(job('http://a/'));
    workers[0]?.answer(42);
    workers[0]?.answer(1);
    await expect(outcome).resolves.toMatchObject({ kind: 'result' });
  });

  it('terminates a worker that does not answer in time and starts a fresh one', async () => {
    const hung = client.run(job('http://slow/'));
    vi.advanceTimersByTime(5000);
    await expect(hung).resolves.toMatchObject({ kind: 'timeout' });
    expect(workers[0]?.terminated).toBe(true);
    const next = client.run(job('http://fast/'));
    expect(workers).toHaveLength(2);
    workers[1]?.answer(2);
    await expect(next).resolves.toMatchObject({ kind: 'result' });
  });

  it('moves a waiting job to a fresh worker when the running one hangs', async () => {
    void client.run(job('http://slow/'));
    const newer = client.run(job('http://fast/'));
    vi.advanceTimersByTime(5000);
    expect(workers[0]?.terminated).toBe(true);
    expect(workers[1]?.received.map((r) => r.request.url)).toEqual(['http://fast/']);
    workers[1]?.answer(2);
    await expect(newer).resolves.toMatchObject({ kind: 'result' });
  });

  it('reports a crashed worker as an error', async () => {
    const outcome = client.run(job('http://a/'));
    workers[0]?.onerror?.({ message: 'boom', preventDefault: () => {} } as ErrorEvent);
    await expect(outcome).resolves.toEqual({ kind: 'error', message: 'boom' });
    expect(workers[0]?.terminated).toBe(true);
  });
});
