import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Trace } from '../../engine/index.js';
import { AnswerSlot } from './answerSlot.js';
import { EngineClient, type WorkerLike } from './client.js';
import type { EngineJob, EngineMessage, EngineRequest, EngineResponse } from './protocol.js';

/** A worker that records what it is sent and answers only when the test says so. */
class FakeWorker implements WorkerLike {
  onmessage: ((event: MessageEvent<EngineResponse>) => void) | null = null;
  onerror: ((event: ErrorEvent) => void) | null = null;
  readonly received: EngineRequest[] = [];
  /** The shared memory the page gave it, if any. */
  slot: SharedArrayBuffer | undefined;
  terminated = false;

  postMessage(message: EngineMessage): void {
    if ('answerSlot' in message) this.slot = message.answerSlot;
    else this.received.push(message);
  }

  terminate(): void {
    this.terminated = true;
  }

  /** Both parts of a job's answer, as the worker posts them. */
  answer(id: number): void {
    this.answerTrace(id);
    this.answerModel(id);
  }

  answerTrace(id: number): void {
    const trace = { summary: `trace ${id}` } as unknown as Trace;
    this.post({ id, ok: true, part: 'trace', trace, path: { hops: [] }, elapsedMs: 1 });
  }

  answerModel(id: number): void {
    this.post({
      id,
      ok: true,
      part: 'model',
      diagnostics: [],
      yamlVersion: id,
      topology: null,
      lifecycle: null,
      config: null,
      simulation: null,
      elapsedMs: 2,
    });
  }

  fail(id: number, error: string): void {
    this.post({ id, ok: false, error });
  }

  private post(data: EngineResponse): void {
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

  describe('answers in two parts', () => {
    it('gives the trace part to onTrace at once, and ends the job with the model part', async () => {
      const traces: string[] = [];
      let ended = false;
      const outcome = client.run(job('http://a/'), (part) => traces.push(part.trace.summary));
      void outcome.then(() => (ended = true));
      const worker = workers[0] as FakeWorker;
      worker.answerTrace(1);
      expect(traces).toEqual(['trace 1']);
      await Promise.resolve();
      expect(ended).toBe(false);
      worker.answerModel(1);
      const result = await outcome;
      expect(result).toMatchObject({
        kind: 'result',
        trace: { summary: 'trace 1' },
        traceMs: 1,
        elapsedMs: 2,
        yamlVersion: 1,
      });
      expect(traces).toEqual(['trace 1']);
    });

    it('a job waiting behind one in the worker starts once that job has traced', async () => {
      const first = client.run(job('http://1/'));
      const second = client.run(job('http://2/'));
      const worker = workers[0] as FakeWorker;
      await expect(first).resolves.toEqual({ kind: 'stale' });
      expect(worker.received.map((r) => r.request.url)).toEqual(['http://1/']);
      worker.answerTrace(1);
      // Nobody wants job 1's graph and problems: job 2 does not wait for them.
      expect(worker.received.map((r) => r.request.url)).toEqual(['http://1/', 'http://2/']);
      worker.answer(2);
      await expect(second).resolves.toMatchObject({
        kind: 'result',
        trace: { summary: 'trace 2' },
      });
    });

    it('drops the parts of a job a newer one replaced', async () => {
      const traces: string[] = [];
      const onTrace = (part: { trace: Trace }): void => void traces.push(part.trace.summary);
      const first = client.run(job('http://1/'), onTrace);
      const worker = workers[0] as FakeWorker;
      worker.answerTrace(1);
      // The newer job goes to the worker at once; the first one's model part is not wanted.
      const second = client.run(job('http://2/'), onTrace);
      await expect(first).resolves.toEqual({ kind: 'stale' });
      expect(worker.received.map((r) => r.request.url)).toEqual(['http://1/', 'http://2/']);
      worker.answerModel(1);
      worker.answerTrace(1);
      expect(traces).toEqual(['trace 1']);
      worker.answer(2);
      await expect(second).resolves.toMatchObject({
        kind: 'result',
        trace: { summary: 'trace 2' },
      });
      expect(traces).toEqual(['trace 1', 'trace 2']);
    });

    it('a trace part that comes after its job was replaced is never shown', async () => {
      const traces: string[] = [];
      const onTrace = (part: { trace: Trace }): void => void traces.push(part.trace.summary);
      void client.run(job('http://1/'), onTrace);
      const second = client.run(job('http://2/'), onTrace);
      const worker = workers[0] as FakeWorker;
      worker.answer(1);
      expect(traces).toEqual([]);
      worker.answer(2);
      await expect(second).resolves.toMatchObject({
        kind: 'result',
        trace: { summary: 'trace 2' },
      });
      expect(traces).toEqual(['trace 2']);
    });

    it('the timeout covers both parts', async () => {
      const traces: string[] = [];
      const outcome = client.run(job('http://slow/'), (part) => traces.push(part.trace.summary));
      vi.advanceTimersByTime(3000);
      workers[0]?.answerTrace(1);
      vi.advanceTimersByTime(2000);
      await expect(outcome).resolves.toMatchObject({ kind: 'timeout' });
      expect(traces).toEqual(['trace 1']);
      expect(workers[0]?.terminated).toBe(true);
      workers[0]?.answerModel(1);
      const next = client.run(job('http://fast/'));
      expect(workers).toHaveLength(2);
      workers[1]?.answer(2);
      await expect(next).resolves.toMatchObject({ kind: 'result', trace: { summary: 'trace 2' } });
    });

    it('a failure after the trace part ends the job as an error', async () => {
      const outcome = client.run(job('http://a/'));
      workers[0]?.answerTrace(1);
      workers[0]?.fail(1, 'The engine failed: lint');
      await expect(outcome).resolves.toEqual({ kind: 'error', message: 'The engine failed: lint' });
    });

    it('one trace part per job: a repeated one is ignored', async () => {
      const traces: string[] = [];
      const outcome = client.run(job('http://a/'), (part) => traces.push(part.trace.summary));
      workers[0]?.answerTrace(1);
      workers[0]?.answerTrace(1);
      workers[0]?.answerModel(1);
      await expect(outcome).resolves.toMatchObject({ kind: 'result' });
      expect(traces).toEqual(['trace 1']);
    });
  });

  it('takes a trace part from the shared slot when asked, and the message then adds nothing', async () => {
    const slot = new AnswerSlot(new SharedArrayBuffer(8 + 4096));
    const worker = new FakeWorker();
    const shared = new EngineClient(() => worker, 5000, slot);
    const traces: string[] = [];
    const outcome = shared.run(job('http://a/'), (part) => traces.push(part.trace.summary));
    expect(worker.slot).toBe(slot.buffer);
    const id = worker.received[0]?.id ?? -1;
    // Not written yet: still awaited (a frame may look again), and the message may bring it.
    expect(shared.takeTrace()).toBe(true);
    expect(traces).toEqual([]);
    const trace = { summary: 'from the slot' };
    slot.write(id, { id, ok: true, part: 'trace', trace, path: { hops: [] }, elapsedMs: 1 });
    expect(shared.takeTrace()).toBe(false);
    expect(shared.takeTrace()).toBe(false);
    expect(traces).toEqual(['from the slot']);
    worker.answerTrace(id);
    expect(traces).toEqual(['from the slot']);
    worker.answerModel(id);
    await expect(outcome).resolves.toMatchObject({ kind: 'result', trace });
    shared.dispose();
  });

  it('gives a worker no shared memory where the page has none', () => {
    void client.run(job('http://a/'));
    expect(workers[0]?.slot).toBeUndefined();
    expect(workers[0]?.received).toHaveLength(1);
    // Nothing to look for in a frame: only the message brings the trace.
    expect(client.takeTrace()).toBe(false);
  });
});
