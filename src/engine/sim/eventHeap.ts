/**
 * A binary min-heap of items by a numeric time, ties broken by insertion order. Keys
 * live in a Float64Array next to the items, so the comparisons in the hot loop of a
 * million-request simulation touch no objects and call no comparator.
 */
export class TimeHeap<T> {
  private keys = new Float64Array(1024);
  private seqs = new Float64Array(1024);
  private items: (T | undefined)[] = [];
  private size = 0;
  private seq = 0;

  get length(): number {
    return this.size;
  }

  /** Items still in the heap, in no particular order. */
  *values(): IterableIterator<T> {
    for (let i = 0; i < this.size; i++) yield this.items[i] as T;
  }

  peekTime(): number {
    return this.size > 0 ? (this.keys[0] as number) : Infinity;
  }

  push(time: number, item: T): void {
    if (this.size === this.keys.length) {
      const keys = new Float64Array(this.size * 2);
      keys.set(this.keys);
      this.keys = keys;
      const seqs = new Float64Array(this.size * 2);
      seqs.set(this.seqs);
      this.seqs = seqs;
    }
    let i = this.size++;
    const seq = this.seq++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const pk = this.keys[parent] as number;
      if (pk < time || (pk === time && (this.seqs[parent] as number) < seq)) break;
      this.keys[i] = pk;
      this.seqs[i] = this.seqs[parent] as number;
      this.items[i] = this.items[parent];
      i = parent;
    }
    this.keys[i] = time;
    this.seqs[i] = seq;
    this.items[i] = item;
  }

  pop(): T | undefined {
    if (this.size === 0) return undefined;
    const top = this.items[0];
    const last = --this.size;
    const key = this.keys[last] as number;
    const seq = this.seqs[last] as number;
    const item = this.items[last];
    this.items[last] = undefined;
    let i = 0;
    const half = last >> 1;
    while (i < half) {
      let child = 2 * i + 1;
      const right = child + 1;
      if (right < last) {
        const ck = this.keys[child] as number;
        const rk = this.keys[right] as number;
        if (rk < ck || (rk === ck && (this.seqs[right] as number) < (this.seqs[child] as number)))
          child = right;
      }
      const ck = this.keys[child] as number;
      if (key < ck || (key === ck && seq < (this.seqs[child] as number))) break;
      this.keys[i] = ck;
      this.seqs[i] = this.seqs[child] as number;
      this.items[i] = this.items[child];
      i = child;
    }
    if (last > 0) {
      this.keys[i] = key;
      this.seqs[i] = seq;
      this.items[i] = item;
    }
    return top;
  }
}
