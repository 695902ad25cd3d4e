/**
 * Contour's behaviour: Envoy's (flavors/envoy: virtual hosts, first-match routes, status
 * codes with response flags, retries) with Contour's route order explained in its own
 * terms, its certificates chosen per TLS virtual host, and endpoints pushed over EDS.
 */
import type { FamilyBehaviour, MatchInput, RouteChoice } from '../../model/family.js';
import type { PathMatch, Route, RouteTable, VirtualHost } from '../../model/routeTable.js';
import { assumedSource } from '../../model/source.js';
import { envoyBehaviour } from '../envoy/behaviour.js';
import { selectFirstMatch } from '../envoy/select.js';
import { envoyDomainCovers } from '../envoy/vhost.js';
import { routePolicy } from './translate.js';

const NO_ROUTE_SOURCE = assumedSource('Deployment', 'projectcontour', 'contour');

/** Envoy answers 404 with flag NR when no route of the virtual host matches. */
function noRoute(vhost: VirtualHost): Route {
  return {
    id: `${vhost.id}/no-route`,
    label: '(no route)',
    match: { path: { kind: 'prefix', value: '/', semantics: 'string' }, headers: [], query: [] },
    checks: [],
    action: { kind: 'respond', status: 404, reason: 'no route matches' },
    policy: routePolicy(undefined, { algorithm: 'round_robin' }),
    source: vhost.sources[0] ?? NO_ROUTE_SOURCE,
  };
}

const RANK: Readonly<Record<PathMatch['kind'], number>> = { exact: 0, regex: 1, prefix: 2 };

function pathText(p: PathMatch): string {
  return p.kind === 'regex' ? p.pattern : p.value;
}

/** Why Contour put `loser` after `winner` (precedence.ts, in words). */
export function whyLater(winner: Route, loser: Route): string {
  const a = winner.match.path;
  const b = loser.match.path;
  if (RANK[a.kind] !== RANK[b.kind])
    return `Contour orders exact paths before regex paths before prefix paths, and ${winner.label} is ${a.kind === 'exact' ? 'an exact path' : 'a regex'}`;
  const la = pathText(a).length;
  const lb = pathText(b).length;
  if (a.kind !== 'exact' && la !== lb)
    return `Contour puts the longer ${a.kind} first (${la} characters against ${lb})`;
  const ha = winner.match.headers.length;
  const hb = loser.match.headers.length;
  if (ha !== hb) return `on the same path Contour puts the route with more header conditions first`;
  const qa = winner.match.query.length;
  const qb = loser.match.query.length;
  if (qa !== qb) return `on the same path Contour puts the route with more query conditions first`;
  return 'Contour orders it after the winner (its conditions sort later)';
}

function selectRoute(vhost: VirtualHost, input: MatchInput): RouteChoice {
  return selectFirstMatch(vhost, input, { whyLater, noRoute });
}

/** A TLS virtual host whose fqdn covers the SNI name (each has its own filter chain). */
function selectCertificate(table: RouteTable, sni: string | undefined): VirtualHost | undefined {
  if (!sni) return undefined;
  return table.virtualHosts.find(
    (v) => v.tls !== undefined && v.hostname !== null && envoyDomainCovers(v.hostname, sni),
  );
}

export const contourBehaviour: FamilyBehaviour = envoyBehaviour({
  product: 'Contour',
  selectRoute,
  selectCertificate,
  // Envoy has no certificate of its own; only a configured fallback certificate would answer.
  defaultCertificateName: 'none (Contour configures no default certificate)',
  // Endpoint changes are pushed to Envoy over EDS as they happen, with no reload
  // ([CTR] site/content/docs/main/architecture.md; [ENVOY] dynamic_configuration).
  endpointSyncMs: 0,
});
