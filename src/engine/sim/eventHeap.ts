/**
 * A priority queue of items by a numeric time, ties broken by insertion order. Keys live in
 * Float64Arrays next to the items, so the comparisons in the hot loop of a million-request
 * simulation touch no objects and call no comparator.
 *
 * Most items of a simulation arrive in time order: a request reaches the proxy a fixed trip
 * after it is sent, and requests are sent in time order. Those go to a first-in-first-out
 * lane (a ring buffer) at constant cost; only an item earlier than the lane's last one goes
 * to the binary heap. Both hold their items in (time, insertion) order, so popping the
 * smaller of the two fronts gives exactly the order of a single heap.
 *
 * `values()` is another matter: it lists the heap's array, then the lane, so with the lane
 * its order differs from a heap's alone. A caller whose results depend on that order (the
 * simulation's faults walk the requests in flight with it) turns the lane off.
 */
export class TimeHeap<T> {
  // The binary min-heap.
  private keys = new Float64Array(1024);
  private seqs = new Float64Array(1024);
  private items: (T | undefined)[] = [];
  private size = 0;
  // The lane: a ring buffer, its capacity a power of two.
  private laneKeys = new Float64Array(1024);
  private laneSeqs = new Float64Array(1024);
  private laneItems: (T | undefined)[] = new Array<T | undefined>(1024);
  private laneHead = 0;
  private laneSize = 0;
  private laneLastKey = -Infinity;
  private seq = 0;

  constructor(private readonly inOrderLane = true) {}

  get length(): number {
    return this.size + this.laneSize;
  }

  /** Items still in the queue: the heap's array order, then the lane's. */
  *values(): IterableIterator<T> {
    for (let i = 0; i < this.size; i++) yield this.items[i] as T;
    const mask = this.laneKeys.length - 1;
    for (let i = 0; i < this.laneSize; i++) yield this.laneItems[(this.laneHead + i) & mask] as T;
  }

  peekTime(): number {
    const heapKey = this.size > 0 ? (this.keys[0] as number) : Infinity;
    const laneKey = this.laneSize > 0 ? (this.laneKeys[this.laneHead] as number) : Infinity;
    return heapKey < laneKey ? heapKey : laneKey;
  }

  push(time: number, item: T): void {
    const seq = this.seq++;
    if (this.inOrderLane && (this.laneSize === 0 || time >= this.laneLastKey))
      this.pushLane(time, seq, item);
    else this.pushHeap(time, seq, item);
  }

  pop(): T | undefined {
    if (this.laneSize > 0) {
      const head = this.laneHead;
      const lk = this.laneKeys[head] as number;
      const hk = this.size > 0 ? (this.keys[0] as number) : Infinity;
      if (lk < hk || (lk === hk && (this.laneSeqs[head] as number) < (this.seqs[0] as number))) {
        const item = this.laneItems[head];
        this.laneItems[head] = undefined;
        this.laneHead = (head + 1) & (this.laneKeys.length - 1);
        this.laneSize--;
        return item;
      }
    }
    return this.popHeap();
  }

  private pushLane(time: number, seq: number, item: T): void {
    let capacity = this.laneKeys.length;
    if (this.laneSize === capacity) {
      // Grow, unrolling the ring so that the front is at 0 again.
      const keys = new Float64Array(capacity * 2);
      const seqs = new Float64Array(capacity * 2);
      const items = new Array<T | undefined>(capacity * 2);
      for (let i = 0; i < capacity; i++) {
        const j = (this.laneHead + i) & (capacity - 1);
        keys[i] = this.laneKeys[j] as number;
        seqs[i] = this.laneSeqs[j] as number;
        items[i] = this.laneItems[j];
      }
      this.laneKeys = keys;
      this.laneSeqs = seqs;
      this.laneItems = items;
      this.laneHead = 0;
      capacity *= 2;
    }
    const at = (this.laneHead + this.laneSize++) & (capacity - 1);
    this.laneKeys[at] = time;
    this.laneSeqs[at] = seq;
    this.laneItems[at] = item;
    this.laneLastKey = time;
  }

  private pushHeap(time: number, seq: number, item: T): void {
    if (this.size === this.keys.length) {
      const keys = new Float64Array(this.size * 2);
      keys.set(this.keys);
      this.keys = keys;
      const seqs = new Float64Array(this.size * 2);
      seqs.set(this.seqs);
      this.seqs = seqs;
    }
    let i = this.size++;
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

  private popHeap(): T | undefined {
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
