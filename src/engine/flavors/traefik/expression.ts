/**
 * A parsed Traefik rule as the route table's MatchExpression (routeTable.ts), which the
 * shared evaluator (path/routeMatch.ts evaluateExpression) runs per request. Each matcher
 * as Traefik v3.7 implements it ([TRF] pkg/muxer/http/matcher.go, pkg/muxer/domain.go):
 *  - Host: the canonical host (lower case, no port) equals the value, lower-cased; a
 *    trailing dot on either side is ignored; `*.example.com` covers exactly one label.
 *    A leading `*` replaces the request's first label before comparing
 *    (`DomainMatchHostExpression`), so Host(`*`) covers only one-label names.
 *  - HostRegexp, PathRegexp, HeaderRegexp, QueryRegexp: Go `regexp.MatchString`, so a
 *    match anywhere counts unless the pattern anchors itself.
 *  - Path: equal; PathPrefix: a plain string prefix (`/products` covers `/products-for-sale`).
 *  - Header: any value of the header equals the value exactly.
 *  - Query(`k`): a parameter k with an empty value (`?k` or `?k=`); Query(`k`, `v`):
 *    any value of k equals v.
 *  - Method: upper-cased, equal. ClientIP: the connection's peer, never X-Forwarded-For.
 */
import type { MatchExpression } from '../../model/routeTable.js';
import type { RuleNode } from './rule.js';

/** The rule as a MatchExpression: how a router matches, and how config/traefik.ts writes it. */
export function toExpression(n: RuleNode): MatchExpression {
  switch (n.kind) {
    case 'and':
    case 'or':
      return { op: n.kind, args: n.args.map(toExpression) };
    case 'not':
      return { op: 'not', arg: toExpression(n.arg) };
    case 'matcher': {
      const [a = '', b] = n.args;
      switch (n.name) {
        case 'Host':
          return { op: 'host', kind: 'exact', value: a.toLowerCase() };
        case 'HostRegexp':
          return { op: 'host', kind: 'regex', value: a };
        case 'Path':
          return { op: 'path', match: { kind: 'exact', value: a } };
        case 'PathPrefix':
          return { op: 'path', match: { kind: 'prefix', value: a, semantics: 'string' } };
        case 'PathRegexp':
          return {
            op: 'path',
            match: {
              kind: 'regex',
              pattern: a,
              caseInsensitive: false,
              anchoredStart: false,
              whole: false,
            },
          };
        case 'Header':
          return { op: 'header', match: { name: a, kind: 'exact', value: b ?? '' } };
        case 'HeaderRegexp':
          return { op: 'header', match: { name: a, kind: 'regex', value: b ?? '', whole: false } };
        case 'Query':
          return { op: 'query', match: { name: a, kind: 'exact', value: b ?? '', values: 'any' } };
        case 'QueryRegexp':
          return b === undefined
            ? { op: 'query', match: { name: a, kind: 'exact', value: '', values: 'any' } }
            : {
                op: 'query',
                match: { name: a, kind: 'regex', value: b, whole: false, values: 'any' },
              };
        case 'Method':
          return { op: 'method', methods: [a.toUpperCase()] };
        case 'ClientIP':
          return { op: 'clientIP', cidrs: [a] };
      }
    }
  }
}
