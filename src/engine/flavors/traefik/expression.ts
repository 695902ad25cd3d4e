/** A parsed Traefik rule as the route table's MatchExpression (routeTable.ts). */
import type { MatchExpression } from '../../model/routeTable.js';
import type { RuleNode } from './rule.js';

/** The rule as a MatchExpression, for tools that read route tables generically. */
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
