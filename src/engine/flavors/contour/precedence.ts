/**
 * The order Contour gives a virtual host's routes before it hands them to Envoy, which
 * tries them in list order and takes the first match ([ENVOY] route_components.proto
 * VirtualHost.routes). After [CTR] internal/sorter/sorter.go (routeSorter,
 * compareRoutesByMethodHeaderQueryParams, headerMatchConditionSorter,
 * queryParamMatchConditionSorter) and internal/xdscache/v3/route.go sortRoutes, which
 * first sorts each route's header and query conditions, then the routes, both with
 * sort.Stable:
 *  1. exact paths before regex paths before prefix paths;
 *  2. within a kind, the longer value first (equal lengths: the lexically greater
 *     first; exact paths only lexically);
 *  3. then a route that matches `:method` first, then more header conditions, then
 *     more query conditions;
 *  4. then condition by condition: header name, then exact < regex < contains <
 *     present, then value, non-inverted first.
 * The request-routing docs describe the result as "modelled on Gateway API".
 */
import type { HeaderCondition, PathCondition, QueryCondition } from './conditions.js';

export interface Sortable {
  readonly path: PathCondition;
  readonly headers: readonly HeaderCondition[];
  readonly query: readonly QueryCondition[];
}

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** headerMatchConditionSorter.Less */
export function headerLess(a: HeaderCondition, b: HeaderCondition): boolean {
  const byValue = (): boolean => {
    const c = cmp(a.value, b.value);
    if (c !== 0) return c < 0;
    return a.invert !== b.invert ? !a.invert : false;
  };
  const n = cmp(a.name, b.name);
  if (n !== 0) return n < 0;
  switch (a.matchType) {
    case 'exact':
      return b.matchType === 'exact' ? byValue() : true;
    case 'regex':
      return b.matchType === 'regex' ? byValue() : b.matchType !== 'exact';
    case 'contains':
      return b.matchType === 'contains' ? byValue() : b.matchType === 'present';
    case 'present':
      return b.matchType === 'present' && a.invert !== b.invert ? !a.invert : false;
  }
}

const QUERY_RANK: Readonly<Record<QueryCondition['matchType'], number>> = {
  exact: 0,
  regex: 1,
  prefix: 2,
  suffix: 3,
  contains: 4,
  present: 5,
};

/** queryParamMatchConditionSorter.Less */
export function queryLess(a: QueryCondition, b: QueryCondition): boolean {
  const n = cmp(a.name, b.name);
  if (n !== 0) return n < 0;
  if (a.matchType === 'present') return false;
  if (a.matchType !== b.matchType) return QUERY_RANK[a.matchType] < QUERY_RANK[b.matchType];
  const c = cmp(a.value, b.value);
  if (c !== 0) return c < 0;
  return a.ignoreCase !== b.ignoreCase ? !a.ignoreCase : false;
}

/** compareRoutesByMethodHeaderQueryParams */
function conditionsLess(l: Sortable, r: Sortable): boolean {
  const lMethod = l.headers.some((h) => h.name === ':method');
  const rMethod = r.headers.some((h) => h.name === ':method');
  if (lMethod !== rMethod) return lMethod;
  const lh = l.headers.filter((h) => h.name !== ':method');
  const rh = r.headers.filter((h) => h.name !== ':method');
  if (lh.length !== rh.length) return lh.length > rh.length;
  if (l.query.length !== r.query.length) return l.query.length > r.query.length;
  // (HTTPProxy routes all have priority 0, so Contour's priority step never decides.)
  for (let i = 0; i < lh.length; i++) {
    const a = lh[i];
    const b = rh[i];
    if (a && b && headerLess(a, b)) return true;
  }
  for (let i = 0; i < l.query.length; i++) {
    const a = l.query[i];
    const b = r.query[i];
    if (a && b && queryLess(a, b)) return true;
  }
  return false;
}

/** routeSorter.Less */
export function routeLess(a: Sortable, b: Sortable): boolean {
  const pa = a.path;
  const pb = b.path;
  switch (pa.kind) {
    case 'prefix':
    case 'regex':
      if (pb.kind === pa.kind) {
        if (pa.value.length !== pb.value.length) return pa.value.length > pb.value.length;
        const c = cmp(pa.value, pb.value);
        if (c !== 0) return c > 0;
        // "Segment prefixes sort first as they are more specific."
        const sa = pa.kind === 'prefix' && pa.segment === true;
        const sb = pb.kind === 'prefix' && pb.segment === true;
        if (sa !== sb) return sa;
        return conditionsLess(a, b);
      }
      return pa.kind === 'regex' && pb.kind === 'prefix';
    case 'exact':
      if (pb.kind === 'exact') {
        const c = cmp(pa.value, pb.value);
        if (c !== 0) return c > 0;
        return conditionsLess(a, b);
      }
      return true;
  }
}

function stableSort<T>(items: readonly T[], less: (a: T, b: T) => boolean): T[] {
  return items
    .map((item, i) => ({ item, i }))
    .sort((x, y) => (less(x.item, y.item) ? -1 : less(y.item, x.item) ? 1 : x.i - y.i))
    .map((x) => x.item);
}

/** sortRoutes: each route's conditions sorted, then the routes, most specific first. */
export function sortRoutes<T extends Sortable>(routes: readonly T[]): T[] {
  const withSortedConditions = routes.map((r) => ({
    ...r,
    headers: stableSort(r.headers, headerLess),
    query: stableSort(r.query, queryLess),
  }));
  return stableSort(withSortedConditions, routeLess);
}
