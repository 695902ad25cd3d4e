/** Units as the proxies write them. Milliseconds and bytes carry their unit in the name. */

/** nginx size syntax (`client_max_body_size 8m`): bytes, k/K, m/M, g/G. Returns undefined when invalid. */
export function parseNginxSize(text: string): number | undefined {
  const m = /^\s*(\d+)\s*([kKmMgG]?)\s*$/.exec(text);
  if (!m) return undefined;
  const n = Number(m[1]);
  const unit = (m[2] ?? '').toLowerCase();
  const mult = unit === 'k' ? 1024 : unit === 'm' ? 1024 ** 2 : unit === 'g' ? 1024 ** 3 : 1;
  return n * mult;
}

/** nginx time syntax (`60`, `60s`, `5m`, `1h`, `500ms`) → milliseconds. A bare number is seconds. */
export function parseNginxTimeMs(text: string): number | undefined {
  const t = text.trim();
  if (/^\d+$/.test(t)) return Number(t) * 1000;
  const re = /(\d+)(ms|s|m|h|d|w|M|y)/g;
  let total = 0;
  let consumed = 0;
  for (const m of t.matchAll(re)) {
    if (m.index !== consumed) return undefined;
    consumed += m[0].length;
    const n = Number(m[1]);
    const unit = m[2];
    total +=
      n *
      (unit === 'ms'
        ? 1
        : unit === 's'
          ? 1000
          : unit === 'm'
            ? 60_000
            : unit === 'h'
              ? 3_600_000
              : unit === 'd'
                ? 86_400_000
                : unit === 'w'
                  ? 604_800_000
                  : unit === 'M'
                    ? 2_592_000_000
                    : 31_536_000_000);
  }
  return consumed === t.length && consumed > 0 ? total : undefined;
}

export function formatBytes(n: number): string {
  if (n >= 1024 ** 3 && n % 1024 ** 3 === 0) return `${n / 1024 ** 3}g`;
  if (n >= 1024 ** 2 && n % 1024 ** 2 === 0) return `${n / 1024 ** 2}m`;
  if (n >= 1024 && n % 1024 === 0) return `${n / 1024}k`;
  return `${n} bytes`;
}

export function formatMs(ms: number): string {
  if (ms >= 1000 && ms % 1000 === 0) return `${ms / 1000}s`;
  return `${ms}ms`;
}

/** Go's time.ParseDuration, in milliseconds; undefined when Go refuses the text. */
export function parseGoDurationMs(text: string): number | undefined {
  // Go accepts a bare "0" and otherwise [-+]?(digits[.digits]unit)+.
  if (text === '0') return 0;
  const m = /^([-+]?)(.+)$/.exec(text);
  if (!m || m[2] === undefined) return undefined;
  const sign = m[1] === '-' ? -1 : 1;
  const units: Readonly<Record<string, number>> = {
    ns: 1e-6,
    us: 1e-3,
    µs: 1e-3,
    μs: 1e-3,
    ms: 1,
    s: 1000,
    m: 60_000,
    h: 3_600_000,
  };
  const re = /(\d*)(?:\.(\d*))?(ns|us|µs|μs|ms|s|m|h)/gy;
  let total = 0;
  let at = 0;
  const body = m[2];
  while (at < body.length) {
    re.lastIndex = at;
    const part = re.exec(body);
    if (!part) return undefined;
    const whole = part[1] ?? '';
    const frac = part[2];
    if (whole === '' && (frac === undefined || frac === '')) return undefined;
    const value = Number(`${whole === '' ? '0' : whole}.${frac ?? '0'}`);
    total += value * (units[part[3] ?? ''] ?? 0);
    at = re.lastIndex;
  }
  return sign * total;
}
