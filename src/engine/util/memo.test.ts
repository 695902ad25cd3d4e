import { describe, expect, it } from 'vitest';
import { perObject } from './memo.js';

describe('perObject', () => {
  it('computes once per object, and again for another object', () => {
    const calls: object[] = [];
    const sizeOf = perObject((o: { items: number[] }) => {
      calls.push(o);
      return o.items.length;
    });
    const a = { items: [1, 2] };
    const b = { items: [1, 2, 3] };
    expect([sizeOf(a), sizeOf(a), sizeOf(b), sizeOf(a)]).toEqual([2, 2, 3, 2]);
    expect(calls).toEqual([a, b]);
  });

  it('remembers a result that is undefined', () => {
    let calls = 0;
    const nothing = perObject((_: object): undefined => {
      calls++;
      return undefined;
    });
    const key = {};
    nothing(key);
    nothing(key);
    expect(calls).toBe(1);
  });
});
