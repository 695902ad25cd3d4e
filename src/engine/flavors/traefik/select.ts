/**
 * How Traefik picks a router and a certificate for a request: one list per entry point,
 * highest priority first, the first rule that matches wins ([TRF] pkg/muxer/http/mux.go
 * ServeHTTP); certificates by SNI from one store ([TRF] pkg/tls/certificate_store.go).
 */
import type { HostChoice, MatchInput, RouteChoice } from '../../model/family.js';
import type { RouteTable, VirtualHost } from '../../model/routeTable.js';
import type { Candidate } from '../../model/trace.js';
import { certificateStores } from './certificates.js';
import { evaluateExpression } from '../../path/routeMatch.js';

/** Candidates shown in a trace: enough to see what came before the winner. */
const MAX_CANDIDATES = 40;

/** Traefik has no virtual hosts: every request goes to the entry point's router list. */
export function selectRouters(table: RouteTable): HostChoice {
  return { vhost: table.fallback, how: 'catch-all' };
}

export function selectRouter(vhost: VirtualHost, input: MatchInput): RouteChoice {
  const candidates: Candidate[] = [];
  for (const route of vhost.routes) {
    const rule = route.match.expression;
    if (!rule) {
      // The 404 route at the end: nothing matched.
      return { kind: 'route', route, candidates };
    }
    // A router matches on its rule alone (the route's path is a catch-all prefix).
    const v = evaluateExpression(rule, input);
    if (candidates.length < MAX_CANDIDATES)
      candidates.push({
        label: route.label,
        matched: v.matched,
        reason: v.reason,
        source: route.source,
      });
    if (v.matched) return { kind: 'route', route, candidates };
  }
  // Tables always end with the 404 route; an empty table is the same answer.
  const last = vhost.routes[vhost.routes.length - 1];
  if (!last) throw new Error('a Traefik route table has no routes');
  return { kind: 'route', route: last, candidates };
}

/** The certificate for an SNI name: exact names first, then one-label wildcards. */
export function selectTraefikCertificate(
  table: RouteTable,
  sni: string | undefined,
): VirtualHost | undefined {
  if (!sni) return undefined;
  const name = sni.toLowerCase().replace(/\.$/, '');
  const store = certificateStores.get(table) ?? [];
  const exact = store.find((v) => v.hostname === name);
  if (exact) return exact;
  const dot = name.indexOf('.');
  const wildcard = dot > 0 ? `*${name.slice(dot)}` : undefined;
  return wildcard ? store.find((v) => v.hostname === wildcard) : undefined;
}
