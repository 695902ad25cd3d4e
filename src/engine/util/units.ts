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
