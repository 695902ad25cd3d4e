/** Stage 5: route matching: the virtual host by Host, the route by path, then the route's checks. */
import type { Controller } from '../model/cluster.js';
import type { FamilyBehaviour, ForwardingResult } from '../model/family.js';
import type { WireRequest } from '../model/request.js';
import type { Route, VirtualHost } from '../model/routeTable.js';
import { formatSource, type SourceRef } from '../model/source.js';
import type { NetworkTimings } from '../sim/network.js';
import { hostWithoutPort } from '../util/hostnames.js';
import type { Ending, TraceBuilder } from './builder.js';
import { runCheck } from './checks.js';
import type { Connection } from './l4lb.js';
import { normalizeUri } from './request.js';

export interface Matched {
  readonly route: Route;
  readonly vhost: VirtualHost;
  readonly uri: string;
  readonly forwarding: ForwardingResult;
}

export type MatchOutcome = { readonly matched: Matched } | { readonly ending: Ending };

export function matchStage(
  t: TraceBuilder,
  conn: Connection,
  family: FamilyBehaviour,
  req: WireRequest,
  scheme: 'http' | 'https',
  requestId: () => string,
  timings: NetworkTimings,
): MatchOutcome {
  const controller: Controller = conn.controller;
  const requestUri = req.query ? `${req.path}?${req.query}` : req.path;
  const normalized = normalizeUri(req.path);
  if (!normalized.ok) {
    const explanation = `The path "${req.path}" climbs above the root with "..", so nginx rejects it with 400 Bad Request before any routing.`;
    t.stage('match', 'fail', '400: invalid path', explanation, {
      durationMs: timings.proxyProcessingMs,
    });
    return { ending: { status: 400, summary: '400: invalid path', explanation } };
  }
  const uri = normalized.uri;
  const host = hostWithoutPort(req.hostHeader);
  const hostChoice = family.selectHost(controller.table, host);
  const vhost = hostChoice.vhost;
  const choice = family.selectRoute(vhost, uri);
  const route = choice.route;
  const sources: SourceRef[] = [route.source];
  const hostLine =
    hostChoice.how === 'catch-all'
      ? `Host "${host}" matches no server of ${family.product}${knownHosts(controller)}, so the catch-all server answers.`
      : `Host "${host}" selects server ${vhost.hostname}${hostChoice.how === 'wildcard' ? ' (wildcard: one label)' : ''}.`;
  const normalizedNote =
    uri !== req.path
      ? ` nginx matched the normalized path "${uri}" (percent-decoded, "//", "/./" and "/../" resolved).`
      : '';
  const regexNote = vhost.regexMode
    ? ` All locations of this host are case-insensitive regexes because ${formatSource(vhost.regexMode)} uses use-regex or rewrite-target.`
    : '';
  if (vhost.regexMode) sources.push(vhost.regexMode);
  if (choice.kind === 'slashRedirect') {
    const location = `${scheme}://${req.hostHeader}${choice.location}${req.query ? `?${req.query}` : ''}`;
    const explanation = `${hostLine} "${uri}" is ${route.label} without its trailing slash. nginx answers 301 to "${choice.location}" for a proxied location that ends in "/" (auto_redirect), before it tries any regex.${route.written ? ` The location comes from ${route.written}.` : ''}`;
    t.stage('match', 'ok', `${req.method} ${uri} → 301 ${choice.location}`, explanation, {
      sources,
      candidates: choice.candidates,
      durationMs: timings.proxyProcessingMs,
    });
    return {
      ending: {
        status: 301,
        redirect: location,
        headers: { Location: location },
        summary: `301 → ${location}`,
        explanation,
      },
    };
  }
  const forwarding = family.forward({
    route,
    peerAddress: conn.peerAddress,
    scheme,
    serverPort: scheme === 'https' ? 443 : 80,
    requestHeaders: req.headers,
    hostHeader: req.hostHeader,
    requestUri,
    requestId: requestId(),
  });
  const notes: string[] = [...forwarding.notes];
  const ctx = {
    req,
    uri,
    effectiveScheme: forwarding.effectiveScheme,
    scheme,
    clientAddress: forwarding.clientAddress,
    requestUri,
  };
  const lineFor = `${hostLine} In it, ${route.label} wins${choice.candidates[0]?.matched ? `: ${choice.candidates[0].reason}` : ''}.${route.written ? ` It comes from the Ingress path ${route.written} (${formatSource(route.source)}).` : ''}${regexNote}${normalizedNote}`;
  if (choice.regexError)
    t.assume(`a regex routelab cannot evaluate was treated as not matching (${choice.regexError})`);
  for (const check of route.checks) {
    const result = runCheck(check, ctx);
    if (result.pass) {
      if (result.note) notes.push(result.note);
      continue;
    }
    sources.push(check.source);
    const { ending } = result;
    const ok = ending.status !== null && ending.status < 400;
    t.stage(
      'match',
      ok ? 'ok' : 'fail',
      `${req.method} ${uri} → ${route.label} → ${ending.summary}`,
      `${lineFor} ${ending.explanation}`,
      { sources, candidates: choice.candidates, durationMs: timings.proxyProcessingMs },
    );
    return { ending: { ...ending, explanation: ending.explanation } };
  }
  if (route.action.kind === 'respond') {
    const ignored = controller.ignored.filter(({ ingress }) =>
      ingress.rules.some((r) => r.host?.toLowerCase() === host),
    );
    const ignoredNote = ignored
      .map(
        ({ ingress, reason }) =>
          ` Ingress ${ingress.meta.namespace}/${ingress.meta.name} names this host, but ${reason}.`,
      )
      .join('');
    const explanation =
      hostChoice.how === 'catch-all' && vhost.routes.length === 1
        ? `${hostLine} Its only location sends everything to ${family.product}'s default backend, which answers ${route.action.status}.${ignoredNote}`
        : `${lineFor} No Ingress path matches "${uri}" here, so ${family.product}'s default backend answers ${route.action.status}.${nearMisses(choice.candidates)}${ignoredNote}`;
    t.stage(
      'match',
      'fail',
      `${req.method} ${host}${uri} → default backend ${route.action.status}`,
      explanation,
      {
        sources,
        candidates: choice.candidates,
        durationMs: timings.proxyProcessingMs,
        log: `"${req.method} ${requestUri} HTTP/1.1" ${route.action.status} ... [upstream-default-backend]`,
      },
    );
    return {
      ending: {
        status: route.action.status,
        summary: `${route.action.status}: no route for ${host}${uri}`,
        explanation,
      },
    };
  }
  const extra = notes.length > 0 ? ` ${notes.join('. ')}.` : '';
  t.stage('match', 'ok', `${req.method} ${uri} → ${route.label}`, `${lineFor}${extra}`, {
    sources,
    candidates: choice.candidates,
    durationMs: timings.proxyProcessingMs,
  });
  return { matched: { route, vhost, uri, forwarding } };
}

function knownHosts(c: Controller): string {
  const hosts = c.table.virtualHosts.map((v) => v.hostname).filter((h): h is string => h !== null);
  if (hosts.length === 0) return ' (it serves no host names)';
  const shown = hosts.slice(0, 6).join(', ');
  return ` (it serves ${shown}${hosts.length > 6 ? `, and ${hosts.length - 6} more` : ''})`;
}

function nearMisses(
  candidates: readonly { label: string; matched: boolean; reason: string }[],
): string {
  const misses = candidates
    .filter((c) => !c.matched && !c.label.includes('default backend'))
    .slice(0, 3);
  if (misses.length === 0) return '';
  return ` Nearest candidates: ${misses.map((c) => `${c.label}: ${c.reason}`).join('; ')}.`;
}
