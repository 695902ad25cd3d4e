/**
 * Envoy's virtual-host selection ([ENVOY] route_components.proto VirtualHost.domains):
 *   1. an exact domain ("www.foo.com");
 *   2. a suffix wildcard ("*.foo.com", "*-bar.foo.com"), the longest first; the `*`
 *      matches any characters, dots included, but never the empty string;
 *   3. a prefix wildcard ("foo.*", "foo-*"), the longest first;
 *   4. the special "*", the default virtual host (here: the table's fallback, or a
 *      virtual host named "*").
 * Domains compare case-insensitively. Shared by every Envoy-based family.
 */
import type { HostChoice } from '../../model/family.js';
import type { RouteTable, VirtualHost } from '../../model/routeTable.js';

interface VhostIndex {
  readonly exact: ReadonlyMap<string, VirtualHost>;
  /** `*.foo.com` as ".foo.com" (what the host must end with), longest first. */
  readonly suffixes: readonly (readonly [string, VirtualHost])[];
  /** `foo.*` as "foo." (what the host must start with), longest first. */
  readonly prefixes: readonly (readonly [string, VirtualHost])[];
  readonly star?: VirtualHost;
}

/** Built once per table: a trace must not scan a thousand virtual hosts. */
const indexes = new WeakMap<RouteTable, VhostIndex>();

function indexOf(table: RouteTable): VhostIndex {
  let index = indexes.get(table);
  if (index) return index;
  const exact = new Map<string, VirtualHost>();
  const suffixes: [string, VirtualHost][] = [];
  const prefixes: [string, VirtualHost][] = [];
  let star: VirtualHost | undefined;
  for (const v of table.virtualHosts) {
    const name = v.hostname?.toLowerCase() ?? '*';
    if (name === '*') star ??= v;
    else if (name.startsWith('*')) suffixes.push([name.slice(1), v]);
    else if (name.endsWith('*')) prefixes.push([name.slice(0, -1), v]);
    else if (!exact.has(name)) exact.set(name, v);
  }
  // Longest first; Array.prototype.sort is stable, so equal lengths keep table order.
  suffixes.sort((a, b) => b[0].length - a[0].length);
  prefixes.sort((a, b) => b[0].length - a[0].length);
  index = { exact, suffixes, prefixes, ...(star ? { star } : {}) };
  indexes.set(table, index);
  return index;
}

/** The virtual host Envoy picks for a Host (already without its port, lower-cased). */
export function selectEnvoyVirtualHost(table: RouteTable, host: string): HostChoice {
  const h = host.toLowerCase().replace(/\.$/, '');
  const index = indexOf(table);
  const exact = index.exact.get(h);
  if (exact) return { vhost: exact, how: 'exact' };
  for (const [suffix, v] of index.suffixes)
    if (h.length > suffix.length && h.endsWith(suffix)) return { vhost: v, how: 'wildcard' };
  for (const [prefix, v] of index.prefixes)
    if (h.length > prefix.length && h.startsWith(prefix)) return { vhost: v, how: 'wildcard' };
  return { vhost: index.star ?? table.fallback, how: 'catch-all' };
}

/** Does an Envoy domain pattern cover a host? (For explanations and certificate choice.) */
export function envoyDomainCovers(pattern: string, host: string): boolean {
  const p = pattern.toLowerCase();
  const h = host.toLowerCase();
  if (p === '*') return true;
  if (p.startsWith('*')) return h.length > p.length - 1 && h.endsWith(p.slice(1));
  if (p.endsWith('*')) return h.length > p.length - 1 && h.startsWith(p.slice(0, -1));
  return p === h;
}
