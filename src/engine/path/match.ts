/** Stage 5: route matching: the virtual host by Host, the route by path, then the route's checks. */
import type { Controller } from '../model/cluster.js';
import type { FamilyBehaviour, ForwardingResult, MatchInput } from '../model/family.js';
import type { WireRequest } from '../model/request.js';
import type { Route, VirtualHost } from '../model/routeTable.js';
import { formatSource, type SourceRef } from '../model/source.js';
import type { NetworkTimings } from '../sim/network.js';
import { hostWithoutPort } from '../util/hostnames.js';
import type { Ending, TraceBuilder } from './builder.js';
import { runCheck } from './checks.js';
import type { Connection } from './l4lb.js';
import { selectListener } from './listeners.js';
import type { TlsOutcome } from './tls.js';

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
  tls: TlsOutcome,
  requestId: () => string,
  timings: NetworkTimings,
): MatchOutcome {
  const controller: Controller = conn.controller;
  const scheme = tls.scheme;
  const requestUri = req.query ? `${req.path}?${req.query}` : req.path;
  const normalized = family.normalizePath(req.path);
  if (!normalized.ok) {
    t.stage('match', 'fail', '400: invalid path', normalized.why, {
      durationMs: timings.proxyProcessingMs,
    });
    return { ending: { status: 400, summary: '400: invalid path', explanation: normalized.why } };
  }
  const uri = normalized.path;
  const host = hostWithoutPort(req.hostHeader);
  const listener = selectListener(conn.listeners, host) ?? tls.listener ?? conn.listeners[0];
  if (!listener) throw new Error(`controller ${controller.id} has no listener on ${req.port}`);
  if (tls.listener && listener !== tls.listener && selectListener(conn.listeners, host)) {
    const explanation = `TLS chose listener "${tls.listener.name}" by SNI "${req.sni ?? ''}", but Host "${host}" belongs to listener "${listener.name}" on the same port. ${family.product} answers ${family.status.misdirected} Misdirected Request rather than route a request to routes that were not attached for its TLS name.`;
    t.stage(
      'match',
      'fail',
      `${family.status.misdirected}: Host belongs to another listener`,
      explanation,
      {
        sources: [tls.listener.source, listener.source],
        durationMs: timings.proxyProcessingMs,
        ...(family.log.answer
          ? { log: family.log.answer(family.status.misdirected, 'misdirected') }
          : {}),
      },
    );
    return {
      ending: {
        status: family.status.misdirected,
        summary: `${family.status.misdirected}: misdirected request`,
        explanation,
      },
    };
  }
  const hostChoice = family.selectHost(listener.table, host);
  const vhost = hostChoice.vhost;
  const input: MatchInput = {
    host,
    path: uri,
    rawPath: req.path,
    method: req.method,
    headers: req.headers,
    query: req.query,
    peerAddress: conn.peerAddress,
  };
  const choice = family.selectRoute(vhost, input);
  const route = choice.route;
  const sources: SourceRef[] = [route.source];
  const listenerNote =
    conn.listeners.length > 1 ? `Listener "${listener.name}" takes the request. ` : '';
  const hostLine =
    listenerNote +
    (family.words.hostLine
      ? family.words.hostLine(host, vhost)
      : hostChoice.how === 'catch-all'
        ? `Host "${host}" matches no ${family.words.host} of ${family.product}${knownHosts(listener.table.virtualHosts)}, so the catch-all ${family.words.host} answers.`
        : `Host "${host}" selects ${family.words.host} ${vhost.hostname}${hostChoice.how === 'wildcard' ? ` (wildcard${family.words.host === 'server' ? ': one label' : ''})` : ''}.`);
  const normalizedNote =
    uri !== req.path
      ? ` ${family.product} matched the normalized path "${uri}" (percent-decoded, "//", "/./" and "/../" resolved).`
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
  const lineFor = `${hostLine} In it, ${route.label} wins${choice.candidates[0]?.matched ? `: ${choice.candidates[0].reason}` : ''}.${route.written ? ` It comes from the path ${route.written} of ${formatSource(route.source)}.` : ''}${regexNote}${normalizedNote}`;
  if (choice.regexError)
    t.assume(`a regex routelab cannot evaluate was treated as not matching (${choice.regexError})`);
  for (const check of route.checks) {
    const result = runCheck(check, ctx);
    if (result.pass) {
      if (result.note) notes.push(result.note);
      if (result.responseHeaders) Object.assign(t.responseHeaders, result.responseHeaders);
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
  if (route.action.kind === 'respond' && route.action.direct) {
    // A route that matched and answers by itself (Envoy direct_response: an include
    // Contour cannot follow, a route whose Services all fail to resolve, a 421).
    const { status, reason } = route.action;
    const explanation = `${lineFor} The route answers itself: ${reason}.`;
    t.stage(
      'match',
      'fail',
      `${req.method} ${host}${uri} → ${route.label} → ${status}`,
      explanation,
      {
        sources,
        candidates: choice.candidates,
        durationMs: timings.proxyProcessingMs,
      },
    );
    return {
      ending: { status, summary: `${status}: ${route.label} answers directly`, explanation },
    };
  }
  if (route.action.kind === 'respond') {
    const ignored = controller.ignored.filter(({ hosts }) => hosts.includes(host));
    const ignoredNote = ignored
      .map(
        ({ resource, reason }) =>
          ` ${resource.kind} ${resource.meta.namespace}/${resource.meta.name} names this host, but ${reason}.`,
      )
      .join('');
    const answer = family.words.noRoute(route.action.status);
    const explanation =
      hostChoice.how === 'catch-all' && vhost.routes.length === 1
        ? `${hostLine} Nothing is routed here: ${answer}.${ignoredNote}`
        : `${lineFor} No ${family.words.route} matches "${uri}" here, so ${answer}.${nearMisses(choice.candidates)}${ignoredNote}`;
    t.stage(
      'match',
      'fail',
      `${req.method} ${host}${uri} → no ${family.words.route}: ${route.action.status}`,
      explanation,
      {
        sources,
        candidates: choice.candidates,
        durationMs: timings.proxyProcessingMs,
        log: family.log.answer
          ? family.log.answer(route.action.status, 'noRoute')
          : `"${req.method} ${requestUri} HTTP/1.1" ${route.action.status} ... [upstream-default-backend]`,
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

function knownHosts(virtualHosts: readonly VirtualHost[]): string {
  const hosts = virtualHosts.map((v) => v.hostname).filter((h): h is string => h !== null);
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
