import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TimeHeap } from './eventHeap.js';

describe('TimeHeap', () => {
  it('pops in time order, ties in insertion order (checked against a sort)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 50 }), fc.boolean()), { maxLength: 3000 }),
        (ops) => {
          const heap = new TimeHeap<number>();
          const model: { t: number; id: number }[] = [];
          const popped: number[] = [];
          const expected: number[] = [];
          ops.forEach(([t, pop], id) => {
            heap.push(t, id);
            model.push({ t, id });
            if (pop) {
              model.sort((a, b) => a.t - b.t || a.id - b.id);
              expected.push((model.shift() as { id: number }).id);
              popped.push(heap.pop() as number);
            }
          });
          model.sort((a, b) => a.t - b.t || a.id - b.id);
          while (heap.length > 0) popped.push(heap.pop() as number);
          expected.push(...model.map((m) => m.id));
          expect(popped).toEqual(expected);
        },
      ),
      { seed: 42, numRuns: 100 },
    );
  });
});
