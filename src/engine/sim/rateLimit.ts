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
  private readonly excess = new Map<number, number>();
  private readonly last = new Map<number, number>();

  constructor(ratePerUnit: number, unit: 'rps' | 'rpm', burst: number) {
    this.rate = unit === 'rps' ? ratePerUnit * 1000 : Math.trunc((ratePerUnit * 1000) / 60);
    this.burst = burst * 1000;
  }

  /** True when the request with this key at time `nowMs` is let through (and counted). */
  allow(key: number, nowMs: number): boolean {
    const now = Math.floor(nowMs);
    const prevExcess = this.excess.get(key);
    if (prevExcess === undefined) {
      this.excess.set(key, 0);
      this.last.set(key, now);
      return true;
    }
    let ms = now - (this.last.get(key) ?? now);
    if (ms < -60000) ms = 1;
    else if (ms < 0) ms = 0;
    let excess = prevExcess - Math.trunc((this.rate * ms) / 1000) + 1000;
    if (excess < 0) excess = 0;
    if (excess > this.burst) return false;
    this.excess.set(key, excess);
    if (ms) this.last.set(key, now);
    return true;
  }
}
