/**
 * nginx limit_req, as ngx_http_limit_req_lookup computes it ([NGX]
 * src/http/modules/ngx_http_limit_req_module.c): the bucket's "excess" is kept in
 * thousandths of a request, drains at `rate` per second in whole milliseconds, and a
 * request is refused when excess would exceed burst. With nodelay (ingress-nginx always
 * sets it) an accepted request is forwarded at once.
 */
export class NginxLimitReq {
  /** rate × 1000 per second, as nginx stores it (r/m is divided by 60, truncated). */
  private readonly rate: number;
  private readonly burst: number;
  /**
   * Nodes by key; Map order is nginx's LRU queue (least recently used first): a lookup
   * moves its node to the end, ngx_http_limit_req_expire looks at the front.
   */
  private readonly nodes = new Map<number, { excess: number; last: number }>();
  /** The most recently used key: already at the warm end, so it need not move. */
  private warmest: number | undefined;

  constructor(ratePerUnit: number, unit: 'rps' | 'rpm', burst: number) {
    this.rate = unit === 'rps' ? ratePerUnit * 1000 : Math.trunc((ratePerUnit * 1000) / 60);
    this.burst = burst * 1000;
  }

  /** True when the request with this key at time `nowMs` is let through (and counted). */
  allow(key: number, nowMs: number): boolean {
    const now = Math.floor(nowMs);
    const node = this.nodes.get(key);
    if (!node) {
      this.expire(now);
      this.nodes.set(key, { excess: 0, last: now });
      this.warmest = key;
      return true;
    }
    if (this.warmest !== key) {
      this.nodes.delete(key);
      this.nodes.set(key, node);
      this.warmest = key;
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
      const first = this.nodes.entries().next();
      if (first.done) return;
      const [key, node] = first.value;
      const ms = Math.abs(now - node.last);
      if (ms < 60000) return;
      if (node.excess - Math.trunc((this.rate * ms) / 1000) > 0) return;
      this.nodes.delete(key);
      if (this.warmest === key) this.warmest = undefined;
    }
  }
}
