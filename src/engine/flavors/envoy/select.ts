/**
 * Route selection inside an Envoy virtual host: "routes are tried in list order and the
 * first match wins" ([ENVOY] route_components.proto VirtualHost.routes). Envoy has no
 * "exact beats prefix" rule of its own; controllers sort the list before they send it,
 * which is why the families that compile into this selector sort their routes.
 */
import type { MatchInput, RouteChoice } from '../../model/family.js';
import type { Route, VirtualHost } from '../../model/routeTable.js';
import type { Candidate } from '../../model/trace.js';
import { evaluateMatch } from '../../path/routeMatch.js';

/** Enough candidates to explain a decision without copying a thousand routes into a trace. */
export const MAX_CANDIDATES = 24;

export interface SelectOptions {
  /**
   * Why `loser`, which also matches, loses to `winner` (the family's precedence in words).
   * Without it: "an earlier route in the list matched first".
   */
  readonly whyLater?: (winner: Route, loser: Route) => string;
  /** The route that answers when nothing matches (Envoy: 404, flag NR). */
  readonly noRoute: (vhost: VirtualHost) => Route;
}

export function selectFirstMatch(
  vhost: VirtualHost,
  input: MatchInput,
  options: SelectOptions,
): RouteChoice {
  const routes = vhost.routes;
  const misses: Candidate[] = [];
  let regexError: string | undefined;
  let winner: Route | undefined;
  let winnerReason = '';
  let index = 0;
  for (; index < routes.length; index++) {
    const route = routes[index] as Route;
    const verdict = evaluateMatch(route.match, input);
    if (verdict.regexError && regexError === undefined)
      regexError = `${route.label}: ${verdict.regexError}`;
    if (verdict.matched) {
      winner = route;
      winnerReason = verdict.reason;
      break;
    }
    if (misses.length < MAX_CANDIDATES)
      misses.push({
        label: route.label,
        matched: false,
        reason: verdict.reason,
        source: route.source,
      });
  }
  if (!winner) {
    const none = options.noRoute(vhost);
    const candidates: Candidate[] = [...misses];
    if (routes.length > misses.length)
      candidates.push({
        label: `${routes.length - misses.length} more route(s)`,
        matched: false,
        reason: 'none of them matches either',
      });
    return {
      kind: 'route',
      route: none,
      candidates,
      ...(regexError !== undefined ? { regexError } : {}),
    };
  }
  const answersNoRoute = winner.action.kind === 'respond' && winner.action.direct !== true;
  const candidates: Candidate[] = [
    {
      label: winner.label,
      matched: true,
      reason: answersNoRoute
        ? 'nothing routes this Host, so Envoy answers 404 (flag NR)'
        : `the first route in Envoy's list that matches (${winnerReason})`,
      source: winner.source,
    },
    ...misses,
  ];
  if (index > misses.length)
    candidates.push({
      label: `${index - misses.length} earlier route(s)`,
      matched: false,
      reason: 'do not match either',
    });
  // Later routes that also match lost on order alone: say why the controller put them after.
  let later = 0;
  for (let i = index + 1; i < routes.length && later < MAX_CANDIDATES; i++) {
    const route = routes[i] as Route;
    if (!evaluateMatch(route.match, input).matched) continue;
    later++;
    candidates.push({
      label: route.label,
      matched: false,
      reason: `also matches, but ${options.whyLater ? options.whyLater(winner, route) : 'an earlier route in the list matched first'}`,
      source: route.source,
    });
  }
  return {
    kind: 'route',
    route: winner,
    candidates,
    ...(regexError !== undefined ? { regexError } : {}),
  };
}
