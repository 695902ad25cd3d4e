import { describe, expect, it } from 'vitest';
import type { Diagnostic, Trace } from '../../engine/index.js';
import type { TopologyView, TracePath } from '../topology/types.js';
import { createAppStore } from './store.js';

const trace = (summary: string): Trace => ({ summary }) as unknown as Trace;
const path = (...nodes: string[]): TracePath => ({
  hops: nodes.map((node) => ({ node, stage: 'client', outcome: 'ok', trip: 0 })),
});
const view = (key: string): TopologyView => ({
  key,
  structure: key,
  placement: key,
  nodes: [],
  edges: [],
  width: 0,
  height: 0,
});
const warning = (message: string): Diagnostic => ({ code: 'RL001', severity: 'warning', message });
const model = {
  diagnostics: [] as readonly Diagnostic[],
  yamlVersion: 1,
  topology: null as TopologyView | null,
  lifecycle: null,
  config: null,
  simulation: null,
  elapsedMs: 9,
  yaml: '',
};

describe('the result slice: an answer in two parts', () => {
  it('the trace part shows the trace and counts it; the model part adds the rest', () => {
    const store = createAppStore();
    store.getState().startRun();
    store
      .getState()
      .showTrace({ trace: trace('a'), path: path('client'), elapsedMs: 3, sent: false });
    let s = store.getState();
    expect(s).toMatchObject({ pending: false, elapsedMs: 3, totalMs: null, answers: 1 });
    expect(s.trace?.summary).toBe('a');
    store.getState().showModel({ ...model, topology: view('g1'), diagnostics: [warning('w')] });
    s = store.getState();
    expect(s).toMatchObject({ totalMs: 9, answers: 1, yamlVersion: 1 });
    expect(s.topology?.key).toBe('g1');
    expect(s.diagnostics).toHaveLength(1);
  });

  it('problems that read the same keep their object (the markers are not redone)', () => {
    const store = createAppStore();
    store.getState().showModel({ ...model, diagnostics: [warning('w')] });
    const first = store.getState().diagnostics;
    store.getState().showModel({ ...model, yamlVersion: 2, diagnostics: [warning('w')] });
    expect(store.getState().diagnostics).toBe(first);
    store.getState().showModel({ ...model, yamlVersion: 3, diagnostics: [warning('other')] });
    expect(store.getState().diagnostics).not.toBe(first);
    expect(store.getState().diagnostics[0]?.message).toBe('other');
  });

  it('the same path keeps its object and does not set the token off', () => {
    const store = createAppStore();
    store
      .getState()
      .showTrace({ trace: trace('a'), path: path('client', 'dns'), elapsedMs: 1, sent: false });
    const { path: first, resultSeq } = store.getState();
    store
      .getState()
      .showTrace({ trace: trace('b'), path: path('client', 'dns'), elapsedMs: 1, sent: false });
    expect(store.getState().path).toBe(first);
    expect(store.getState().resultSeq).toBe(resultSeq);
    expect(store.getState().answers).toBe(2);
  });

  it('a trace that reads the same keeps its object (the stage list is not rendered again)', () => {
    const store = createAppStore();
    const show = (summary: string, elapsedMs: number): void =>
      store
        .getState()
        .showTrace({ trace: trace(summary), path: path('client'), elapsedMs, sent: false });
    show('a', 1);
    const first = store.getState().trace;
    show('a', 2);
    expect(store.getState().trace).toBe(first);
    expect(store.getState()).toMatchObject({ elapsedMs: 2, answers: 2 });
    show('b', 3);
    expect(store.getState().trace).not.toBe(first);
    expect(store.getState().trace?.summary).toBe('b');
  });

  it('a token set off before the new graph came sets off again on the new graph', () => {
    const store = createAppStore();
    store.getState().showModel({ ...model, topology: view('g1') });
    const start = store.getState().resultSeq;
    store
      .getState()
      .showTrace({ trace: trace('a'), path: path('client', 'x'), elapsedMs: 1, sent: false });
    expect(store.getState().resultSeq).toBe(start + 1);
    store.getState().showModel({ ...model, yamlVersion: 2, topology: view('g2') });
    expect(store.getState().resultSeq).toBe(start + 2);
    // The same graph (null: unchanged) leaves the token alone.
    store
      .getState()
      .showTrace({ trace: trace('b'), path: path('client', 'y'), elapsedMs: 1, sent: false });
    store.getState().showModel({ ...model, yamlVersion: 3 });
    expect(store.getState().resultSeq).toBe(start + 3);
    // A new graph without a new trip does not set the token off either.
    store.getState().showModel({ ...model, yamlVersion: 4, topology: view('g3') });
    expect(store.getState().resultSeq).toBe(start + 3);
    // New text on nodes that stay where they were: the trip goes on, it does not start again.
    store
      .getState()
      .showTrace({ trace: trace('c'), path: path('client', 'z'), elapsedMs: 1, sent: false });
    expect(store.getState().resultSeq).toBe(start + 4);
    store.getState().showModel({
      ...model,
      yamlVersion: 5,
      topology: { ...view('g3'), key: 'g3 with a new port' },
    });
    expect(store.getState().topology?.key).toBe('g3 with a new port');
    expect(store.getState().resultSeq).toBe(start + 4);
  });
});
