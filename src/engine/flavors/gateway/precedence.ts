/**
 * The order of the routes Envoy Gateway hands Envoy for one virtual host. Envoy takes the
 * first route that matches, so this order is the Gateway API precedence ([GW]
 * httproute_types.go HTTPRouteRule.Matches; semantics.md C3), across every rule of every
 * route on the listener:
 *   1. an Exact path, then a RegularExpression path, then a PathPrefix (Envoy Gateway:
 *      "Exact > RegularExpression > PathPrefix", internal/gatewayapi/sort.go; the spec
 *      leaves regex precedence to the implementation);
 *   2. the longer path value;
 *   3. a method match;
 *   4. more header matches;
 *   5. more query-parameter matches;
 *   6. the older route (creationTimestamp), then `namespace/name` alphabetically;
 *   7. within a route, the earlier rule, then the earlier match.
 * Envoy Gateway counts a method match as one more header match (it becomes a `:method`
 * header matcher); the spec ranks a method above headers, and this order follows the spec.
 */
import type { HTTPRoute } from '../../model/gateway.js';
import type { CompiledMatch } from './rules.js';

export interface Ranked {
  readonly route: HTTPRoute;
  readonly ruleIndex: number;
  readonly match: CompiledMatch;
}

function typeRank(m: CompiledMatch): number {
  const t = m.spec.path.type;
  return t === 'Exact' ? 2 : t === 'RegularExpression' ? 1 : 0;
}

function timestamp(r: HTTPRoute): number {
  const ts = r.meta.creationTimestamp ? Date.parse(r.meta.creationTimestamp) : Number.NaN;
  // A route without a timestamp is as if created now: after every dated one.
  return Number.isNaN(ts) ? Number.POSITIVE_INFINITY : ts;
}

function key(r: HTTPRoute): string {
  return `${r.meta.namespace}/${r.meta.name}`;
}

interface Age {
  readonly ts: number;
  readonly key: string;
}

function ageOf(r: HTTPRoute): Age {
  return { ts: timestamp(r), key: key(r) };
}

/** Negative when `a` goes first. */
export function comparePrecedence(a: Ranked, b: Ranked, age = ageOf): number {
  return (
    typeRank(b.match) - typeRank(a.match) ||
    b.match.spec.path.value.length - a.match.spec.path.value.length ||
    Number(b.match.spec.method !== undefined) - Number(a.match.spec.method !== undefined) ||
    b.match.spec.headers.length - a.match.spec.headers.length ||
    b.match.spec.queryParams.length - a.match.spec.queryParams.length ||
    (a.route === b.route
      ? a.ruleIndex - b.ruleIndex || a.match.index - b.match.index
      : compareAge(age(a.route), age(b.route)))
  );
}

function compareAge(a: Age, b: Age): number {
  if (a.ts !== b.ts) return a.ts < b.ts ? -1 : 1;
  return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
}

/**
 * Sorts in place by comparePrecedence, with each route's creation time and name worked
 * out once instead of on every comparison.
 */
export function sortByPrecedence<T extends Ranked>(items: T[]): T[] {
  if (items.length < 2) return items;
  const ages = new Map<HTTPRoute, Age>();
  const age = (r: HTTPRoute): Age => {
    let found = ages.get(r);
    if (!found) ages.set(r, (found = ageOf(r)));
    return found;
  };
  return items.sort((x, y) => comparePrecedence(x, y, age));
}

/** The first criterion on which `winner` beats `loser`, in words. */
export function whyFirst(winner: Ranked, loser: Ranked): string {
  const w = winner.match.spec;
  const l = loser.match.spec;
  if (typeRank(winner.match) !== typeRank(loser.match))
    return `${w.path.type} comes before ${l.path.type} (Envoy Gateway orders Exact, then RegularExpression, then PathPrefix)`;
  if (w.path.value.length !== l.path.value.length)
    return `the longer path ${w.path.value} (${w.path.value.length} characters) comes before ${l.path.value} (${l.path.value.length})`;
  if ((w.method !== undefined) !== (l.method !== undefined))
    return 'a match on the method comes before one without';
  if (w.headers.length !== l.headers.length)
    return `more header matches come first (${w.headers.length} against ${l.headers.length})`;
  if (w.queryParams.length !== l.queryParams.length)
    return `more query parameter matches come first (${w.queryParams.length} against ${l.queryParams.length})`;
  if (winner.route !== loser.route) {
    const tw = timestamp(winner.route);
    const tl = timestamp(loser.route);
    if (tw !== tl)
      return `the matches tie, and HTTPRoute ${key(winner.route)} is older (creationTimestamp)`;
    return `the matches tie and neither route is older, so ${key(winner.route)} comes first alphabetically`;
  }
  if (winner.ruleIndex !== loser.ruleIndex)
    return `the matches tie, and rules[${winner.ruleIndex}] comes before rules[${loser.ruleIndex}] in the route`;
  return `matches[${winner.match.index}] comes before matches[${loser.match.index}] in the rule`;
}
