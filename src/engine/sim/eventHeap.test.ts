import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TimeHeap } from './eventHeap.js';

/** Pushes (and pops where asked), and checks the pops against a sort by time, then insertion. */
function expectSortedPops(ops: readonly (readonly [number, boolean])[], lane = true): void {
  const heap = new TimeHeap<number>(lane);
  const model: { t: number; id: number }[] = [];
  const popped: number[] = [];
  const expected: number[] = [];
  ops.forEach(([t, pop], id) => {
    heap.push(t, id);
    model.push({ t, id });
    expect(heap.length).toBe(model.length);
    if (pop) {
      model.sort((a, b) => a.t - b.t || a.id - b.id);
      expect(heap.peekTime()).toBe(model[0]?.t);
      expected.push((model.shift() as { id: number }).id);
      popped.push(heap.pop() as number);
    }
  });
  expect([...heap.values()].sort((a, b) => a - b)).toEqual(
    model.map((m) => m.id).sort((a, b) => a - b),
  );
  model.sort((a, b) => a.t - b.t || a.id - b.id);
  while (heap.length > 0) popped.push(heap.pop() as number);
  expected.push(...model.map((m) => m.id));
  expect(popped).toEqual(expected);
  expect(heap.pop()).toBeUndefined();
  expect(heap.peekTime()).toBe(Infinity);
}

describe('TimeHeap', () => {
  it('pops in time order, ties in insertion order (checked against a sort)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 50 }), fc.boolean()), { maxLength: 3000 }),
        (ops) => {
          expectSortedPops(ops);
          expectSortedPops(ops, false);
        },
      ),
      { seed: 42, numRuns: 100 },
    );
  });

  it('keeps that order when most items come in time order (the in-order lane and the heap)', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(
            fc.oneof(
              { weight: 8, arbitrary: fc.integer({ min: 0, max: 3 }) },
              { weight: 1, arbitrary: fc.integer({ min: -40, max: 40 }) },
            ),
            fc.boolean(),
          ),
          { maxLength: 5000 },
        ),
        (steps) => {
          // A clock that mostly moves on by small steps, now and then jumps back or ahead.
          let clock = 0;
          expectSortedPops(
            steps.map(([step, pop]) => {
              clock += step;
              return [step < 0 || step > 3 ? clock + step : clock, pop] as const;
            }),
          );
        },
      ),
      { seed: 43, numRuns: 100 },
    );
  });
});
