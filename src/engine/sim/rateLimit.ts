/**
 * nginx limit_req, as ngx_http_limit_req_lookup computes it ([NGX]
 * src/http/modules/ngx_http_limit_req_module.c): the bucket's "excess" is kept in
 * thousandths of a request, drains at `rate` per second in whole milliseconds, and a
 * request is refused when excess would exceed burst. With nodelay (ingress-nginx always
 * sets it) an accepted request is forwarded at once.
 */
/** One key's state, linked into the LRU queue. */
interface LimitNode {
  readonly key: number;
  excess: number;
  last: number;
  /** Towards the cold end (least recently used). */
  prev: LimitNode | null;
  /** Towards the warm end (most recently used). */
  next: LimitNode | null;
}

export class NginxLimitReq {
  /** rate × 1000 per second, as nginx stores it (r/m is divided by 60, truncated). */
  private readonly rate: number;
  private readonly burst: number;
  /** Nodes by key. Keys are client indexes, small integers: an array finds them without hashing. */
  private readonly nodes: (LimitNode | undefined)[] = [];
  /**
   * nginx's LRU queue as a linked list (ngx_queue_t), least recently used first: a lookup
   * moves its node to the warm end, ngx_http_limit_req_expire looks at the cold end. A
   * list moves a node without the Map delete and re-insert that Map order would need, which
   * a simulation does for nearly every request (its clients take turns).
   */
  private coldest: LimitNode | null = null;
  private warmest: LimitNode | null = null;

  constructor(ratePerUnit: number, unit: 'rps' | 'rpm', burst: number) {
    this.rate = unit === 'rps' ? ratePerUnit * 1000 : Math.trunc((ratePerUnit * 1000) / 60);
    this.burst = burst * 1000;
  }

  /** True when the request with this key at time `nowMs` is let through (and counted). */
  allow(key: number, nowMs: number): boolean {
    const now = Math.floor(nowMs);
    const node = this.nodes[key];
    if (!node) {
      this.expire(now);
      const added: LimitNode = { key, excess: 0, last: now, prev: null, next: null };
      this.nodes[key] = added;
      this.append(added);
      return true;
    }
    if (node !== this.warmest) {
      this.unlink(node);
      this.append(node);
    }
    let ms = now - node.last;
    if (ms < -60000) ms = 1;
    else if (ms < 0) ms = 0;
    let excess = node.excess - Math.trunc((this.rate * ms) / 1000) + 1000;
    if (excess < 0) excess = 0;
    if (excess > this.burst) return false;
    node.excess = excess;
    if (ms) node.last = now;
    return true;
  }

  /**
   * ngx_http_limit_req_expire(ctx, 1), run before a new key gets a node: up to two nodes
   * at the cold end that have been idle a minute and drained are deleted, so their keys
   * start again from nothing.
   */
  private expire(now: number): void {
    for (let n = 0; n < 2; n++) {
      const node = this.coldest;
      if (!node) return;
      const ms = Math.abs(now - node.last);
      if (ms < 60000) return;
      if (node.excess - Math.trunc((this.rate * ms) / 1000) > 0) return;
      this.nodes[node.key] = undefined;
      this.unlink(node);
    }
  }

  private append(node: LimitNode): void {
    node.prev = this.warmest;
    node.next = null;
    if (this.warmest) this.warmest.next = node;
    else this.coldest = node;
    this.warmest = node;
  }

  private unlink(node: LimitNode): void {
    if (node.prev) node.prev.next = node.next;
    else this.coldest = node.next;
    if (node.next) node.next.prev = node.prev;
    else this.warmest = node.prev;
    node.prev = node.next = null;
  }
}
