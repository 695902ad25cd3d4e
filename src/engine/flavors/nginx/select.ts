/**
 * How nginx picks a server and a location for a request.
 *  - server: exact server_name, else ingress-nginx's wildcard regex
 *    `~^(?<subdomain>[\w-]+)\.example\.com$` (one label), else the catch-all `_`.
 *  - location ([NGX] ngx_http_core_find_location): an exact `=` match ends the search;
 *    otherwise remember the longest prefix; a request equal to a location ending in `/`
 *    minus that slash gets a 301 to the slash path (auto_redirect, before any regex);
 *    then regex locations in file order, first match wins; else the remembered prefix.
 */
import type { Candidate } from '../../model/trace.js';
import type { Route, RouteTable, VirtualHost } from '../../model/routeTable.js';
import { compileRegex } from '../../util/regex.js';

export interface HostSelection {
  readonly vhost: VirtualHost;
  readonly how: 'exact' | 'wildcard' | 'catch-all';
}

interface ServerIndex {
  readonly exact: ReadonlyMap<string, VirtualHost>;
  readonly wildcards: readonly VirtualHost[];
}

/** Built once per route table: a trace must not scan a thousand servers. */
const indexes = new WeakMap<RouteTable, ServerIndex>();

function serverIndex(table: RouteTable): ServerIndex {
  let index = indexes.get(table);
  if (!index) {
    const exact = new Map<string, VirtualHost>();
    const wildcards: VirtualHost[] = [];
    for (const v of table.virtualHosts) {
      if (v.hostname === null) continue;
      if (v.hostname.startsWith('*.')) wildcards.push(v);
      else if (!exact.has(v.hostname)) exact.set(v.hostname, v);
    }
    index = { exact, wildcards };
    indexes.set(table, index);
  }
  return index;
}

export function selectServer(table: RouteTable, host: string): HostSelection {
  const h = host.toLowerCase().replace(/\.$/, '');
  const index = serverIndex(table);
  const exact = index.exact.get(h);
  if (exact) return { vhost: exact, how: 'exact' };
  // Wildcard server names are regexes in ingress-nginx, tried in file order (sorted by name).
  for (const v of index.wildcards) {
    if (v.hostname && wildcardMatches(v.hostname, h)) return { vhost: v, how: 'wildcard' };
  }
  return { vhost: table.fallback, how: 'catch-all' };
}

/** ingress-nginx's server_name regex for `*.suffix`: one label of [\w-]+. */
export function wildcardMatches(wildcard: string, host: string): boolean {
  const suffix = wildcard.slice(1); // ".example.com"
  if (!host.endsWith(suffix)) return false;
  const label = host.slice(0, host.length - suffix.length);
  return /^[\w-]+$/.test(label);
}

export type LocationSelection =
  | {
      readonly kind: 'route';
      readonly route: Route;
      readonly candidates: readonly Candidate[];
      readonly regexError?: string;
    }
  | {
      readonly kind: 'slashRedirect';
      readonly route: Route;
      readonly location: string;
      readonly candidates: readonly Candidate[];
    };

export function selectLocation(vhost: VirtualHost, uri: string): LocationSelection {
  const candidates: Candidate[] = [];
  const routes = vhost.routes;
  const exact = routes.find((r) => r.match.path.kind === 'exact' && r.match.path.value === uri);
  let longestPrefix: Route | undefined;
  for (const r of routes) {
    const p = r.match.path;
    if (
      p.kind === 'prefix' &&
      uri.startsWith(p.value) &&
      (!longestPrefix ||
        p.value.length > (longestPrefix.match.path as { value: string }).value.length)
    )
      longestPrefix = r;
  }
  const note = (r: Route, matched: boolean, reason: string): void => {
    candidates.push({ label: r.label, matched, reason, source: r.source });
  };
  if (exact) {
    note(exact, true, `exact match: an "=" location ends nginx's search`);
    for (const r of routes)
      if (r !== exact) note(r, false, 'not consulted: an exact "=" location matched first');
    return { kind: 'route', route: exact, candidates };
  }
  // auto_redirect: a proxied location named uri + "/" answers 301.
  const slash = routes.find(
    (r) =>
      (r.match.path.kind === 'exact' || r.match.path.kind === 'prefix') &&
      r.match.path.value === `${uri}/` &&
      r.action.kind === 'forward',
  );
  if (slash) {
    note(
      slash,
      true,
      `"${uri}" is this location without its trailing slash: nginx answers 301 to ${uri}/ (auto_redirect), before trying any regex`,
    );
    for (const r of routes)
      if (r !== slash) note(r, false, 'not consulted: the trailing-slash redirect ends the search');
    return { kind: 'slashRedirect', route: slash, location: `${uri}/`, candidates };
  }
  let regexError: string | undefined;
  for (const r of routes) {
    const p = r.match.path;
    if (p.kind === 'exact') {
      note(r, false, `exact location: "${uri}" is not "${p.value}"`);
      continue;
    }
    if (p.kind === 'prefix') {
      if (!uri.startsWith(p.value)) note(r, false, `"${uri}" does not start with "${p.value}"`);
      else if (r !== longestPrefix)
        note(r, false, `prefix matches, but ${longestPrefix?.label ?? 'another prefix'} is longer`);
      continue;
    }
    const compiled = compileRegex(p.pattern, { caseInsensitive: p.caseInsensitive });
    if (!compiled.ok) {
      regexError = `${r.label}: ${compiled.error}`;
      note(r, false, `regex cannot be evaluated (${compiled.error}); treated as not matching`);
      continue;
    }
    if (compiled.regex.exec(uri)) {
      note(
        r,
        true,
        `regex matches "${uri}"${p.caseInsensitive ? ' (case-insensitive ~*)' : ''}; regex locations are tried in file order and the first match wins`,
      );
      const i = routes.indexOf(r);
      for (const later of routes.slice(i + 1)) {
        if (later.match.path.kind === 'regex')
          note(later, false, 'not tried: an earlier regex location matched');
      }
      if (longestPrefix) {
        const lp = candidates.find((c) => c.label === longestPrefix?.label);
        if (lp)
          Object.assign(lp, {
            reason: 'prefix matches, but a matching regex location beats any prefix',
          });
      }
      return {
        kind: 'route',
        route: r,
        candidates: dedupe(candidates),
        ...(regexError ? { regexError } : {}),
      };
    }
    note(
      r,
      false,
      `regex ${p.caseInsensitive ? '~* ' : '~ '}"${p.pattern}" does not match "${uri}"`,
    );
  }
  if (longestPrefix) {
    candidates.unshift({
      label: longestPrefix.label,
      matched: true,
      reason: `longest prefix that "${uri}" starts with`,
      source: longestPrefix.source,
    });
    return {
      kind: 'route',
      route: longestPrefix,
      candidates: dedupe(candidates),
      ...(regexError ? { regexError } : {}),
    };
  }
  // Every ingress-nginx server has `location /`, so this only happens with a hand-built table.
  const first = routes[0];
  if (!first) throw new Error('virtual host without locations');
  return { kind: 'route', route: first, candidates };
}

function dedupe(cs: Candidate[]): Candidate[] {
  const seen = new Set<string>();
  return cs.filter((c) => (seen.has(c.label) ? false : (seen.add(c.label), true)));
}

/** SNI → the configured certificate ([INX] certificate.lua get_pem_cert_uid: exact name, then `*.` + parent). */
export function selectCertificateHost(
  table: RouteTable,
  sni: string | undefined,
): VirtualHost | undefined {
  if (!sni) return undefined;
  const h = sni.toLowerCase().replace(/\.$/, '');
  const withTls = table.virtualHosts.filter((v) => v.tls);
  const exact = withTls.find((v) => v.hostname === h);
  if (exact) return exact;
  const dot = h.indexOf('.');
  if (dot < 0) return undefined;
  return withTls.find((v) => v.hostname === `*.${h.slice(dot + 1)}`);
}
