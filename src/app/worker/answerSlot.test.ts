import { describe, expect, it } from 'vitest';
import { AnswerSlot } from './answerSlot.js';

const slot = (bytes = 1024) => new AnswerSlot(new SharedArrayBuffer(8 + bytes));

describe('the shared answer slot', () => {
  it('gives the reader the answer of the job it asks for', () => {
    const s = slot();
    const answer = { id: 3, ok: true, trace: { status: 200, stages: [{ id: 'dns' }] } };
    expect(s.write(3, answer)).toBe(true);
    expect(s.read(3)).toEqual(answer);
  });

  it('gives nothing for another job, before any write, or while a write is under way', () => {
    const s = slot();
    expect(s.read(1)).toBeUndefined();
    s.write(1, { a: 1 });
    expect(s.read(2)).toBeUndefined();
    // The writer marks the slot before it touches the bytes (seqlock).
    new Int32Array(s.buffer, 0, 1)[0] = -1;
    expect(s.read(1)).toBeUndefined();
  });

  it('refuses an answer that does not fit, and leaves nothing to read', () => {
    const s = slot(16);
    s.write(1, { a: 1 });
    expect(s.write(2, { text: 'x'.repeat(100) })).toBe(false);
    expect(s.read(2)).toBeUndefined();
    expect(s.read(1)).toBeUndefined();
  });

  it('refuses what JSON would change: the message carries those answers alone', () => {
    const s = slot();
    for (const answer of [
      { timeout: Infinity },
      { ratio: NaN },
      { list: [1, undefined, 2] },
      { when: new Date(0) },
      { seen: new Map([[1, 2]]) },
      { big: 1n },
    ]) {
      expect(s.write(7, answer), JSON.stringify(Object.keys(answer))).toBe(false);
      expect(s.read(7)).toBeUndefined();
    }
    // A property that is undefined is the same either way (absent): it may go.
    expect(s.write(8, { a: undefined, b: 'x' })).toBe(true);
    expect(s.read(8)).toEqual({ b: 'x' });
  });

  it('is not offered where the page is not cross-origin isolated', () => {
    expect(globalThis.crossOriginIsolated).not.toBe(true);
    expect(AnswerSlot.create()).toBeNull();
  });
});
