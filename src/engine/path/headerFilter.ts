/**
 * Header edits as Gateway API, Contour and Traefik define them: `set` replaces (any
 * case of the name), `add` appends to an existing value with "," (RFC 9110 list
 * semantics; [GW] HTTPHeaderFilter: foo + add bar → "foo,bar"), `remove` drops.
 */
import type { HeaderFilter } from '../model/routeTable.js';

function keyOf(headers: Record<string, string>, name: string): string | undefined {
  const lower = name.toLowerCase();
  return Object.keys(headers).find((k) => k.toLowerCase() === lower);
}

/** Applies the filter to a copy of `headers`, and returns what it did in words. */
export function applyHeaderFilter(
  headers: Readonly<Record<string, string>>,
  filter: HeaderFilter,
): { headers: Record<string, string>; changes: string[] } {
  const out: Record<string, string> = { ...headers };
  const changes: string[] = [];
  for (const [name, value] of filter.set) {
    const k = keyOf(out, name);
    if (k !== undefined) delete out[k];
    out[name] = value;
    changes.push(`${name} set to "${value}"`);
  }
  for (const [name, value] of filter.add) {
    const k = keyOf(out, name);
    if (k !== undefined) out[k] = `${out[k] ?? ''},${value}`;
    else out[name] = value;
    changes.push(`${name} += "${value}"`);
  }
  for (const name of filter.remove) {
    const k = keyOf(out, name);
    if (k === undefined) continue;
    delete out[k];
    changes.push(`${name} removed`);
  }
  return { headers: out, changes };
}
