/**
 * An independent model of nginx's limit_req, written from the C source and not from the
 * engine: nginx/nginx src/http/modules/ngx_http_limit_req_module.c (the version with
 * `dry_run` and `delay`, i.e. nginx ≥ 1.17.1, which ingress-nginx's nginx 1.27 is).
 *
 *   ngx_http_limit_req_zone:   ctx->rate = rate * 1000 / scale;        (scale 1 for r/s, 60 for r/m)
 *   ngx_http_limit_req:        limit->burst = burst * 1000;
 *   ngx_http_limit_req_lookup (found node, account = 1, the only limit of the location):
 *       ms = (ngx_msec_int_t) (now - lr->last);
 *       if (ms < -60000) ms = 1; else if (ms < 0) ms = 0;
 *       excess = lr->excess - ctx->rate * ms / 1000 + 1000;
 *       if (excess < 0) excess = 0;
 *       if ((ngx_uint_t) excess > limit->burst) return NGX_BUSY;      (node untouched)
 *       lr->excess = excess; if (ms) lr->last = now; return NGX_OK;
 *   new node: ngx_http_limit_req_expire(ctx, 1) first; then lr->excess = 0, lr->last = now.
 *   ngx_http_limit_req_expire(ctx, 1): up to two nodes from the tail of the LRU queue
 *       (every lookup, refused or not, moves its node to the head) are deleted when
 *       |now - lr->last| >= 60000 and lr->excess - ctx->rate * ms / 1000 <= 0.
 *
 * Times are whole milliseconds (ngx_current_msec). ingress-nginx always adds `nodelay`
 * (semantics.md B7), so an accepted request is forwarded at once and nothing is delayed.
 */
export interface LimitReqOracleOptions {
  /** Model ngx_http_limit_req_expire (default true). */
  readonly expire?: boolean;
}

interface Node {
  excess: number;
  last: number;
}

export class LimitReqOracle {
  readonly rate: number;
  readonly burst: number;
  private readonly nodes = new Map<number, Node>();
  /** LRU queue of keys, most recently looked up last (the C queue's head). */
  private queue: number[] = [];
  private readonly expire: boolean;

  constructor(
    rate: number,
    unit: 'rps' | 'rpm',
    burst: number,
    options: LimitReqOracleOptions = {},
  ) {
    // C integer division of non-negative integers truncates.
    this.rate = Math.trunc((rate * 1000) / (unit === 'rps' ? 1 : 60));
    this.burst = burst * 1000;
    this.expire = options.expire ?? true;
  }

  /** One request with `key` at whole millisecond `now`: true = passed, false = NGX_BUSY. */
  lookup(key: number, now: number): boolean {
    if (!Number.isInteger(now)) throw new Error('nginx time is whole milliseconds');
    const lr = this.nodes.get(key);
    if (lr) {
      this.touch(key);
      let ms = now - lr.last;
      if (ms < -60000) ms = 1;
      else if (ms < 0) ms = 0;
      let excess = lr.excess - Math.trunc((this.rate * ms) / 1000) + 1000;
      if (excess < 0) excess = 0;
      if (excess > this.burst) return false;
      lr.excess = excess;
      if (ms) lr.last = now;
      return true;
    }
    if (this.expire) this.expireTail(now);
    this.nodes.set(key, { excess: 0, last: now });
    this.queue.push(key);
    return true;
  }

  private touch(key: number): void {
    this.queue = this.queue.filter((k) => k !== key);
    this.queue.push(key);
  }

  /** ngx_http_limit_req_expire(ctx, 1): n starts at 1, so every candidate is checked (n++ != 0). */
  private expireTail(now: number): void {
    for (let n = 1; n < 3; n++) {
      const key = this.queue[0];
      if (key === undefined) return;
      const lr = this.nodes.get(key) as Node;
      const ms = Math.abs(now - lr.last);
      if (ms < 60000) return;
      const excess = lr.excess - Math.trunc((this.rate * ms) / 1000);
      if (excess > 0) return;
      this.queue.shift();
      this.nodes.delete(key);
    }
  }
}
