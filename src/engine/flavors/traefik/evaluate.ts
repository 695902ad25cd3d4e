/**
 * Does a request satisfy a Traefik rule? Each matcher as Traefik v3.7 implements it
 * ([TRF] pkg/muxer/http/matcher.go, pkg/muxer/domain.go), with a reason in words:
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
import type { MatchInput } from '../../model/family.js';
import { cidrContains, parseCidr } from '../../util/net.js';
import { compileRegex } from '../../util/regex.js';
import type { RuleNode } from './rule.js';

export interface RuleVerdict {
  readonly matched: boolean;
  readonly reason: string;
}

const yes = (reason: string): RuleVerdict => ({ matched: true, reason });
const no = (reason: string): RuleVerdict => ({ matched: false, reason });

/** Query parameters in order, decoded as Go's url.ParseQuery does. */
function queryValues(query: string, name: string): string[] {
  if (query === '') return [];
  const out: string[] = [];
  for (const pair of query.split('&')) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    const k = decode(eq < 0 ? pair : pair.slice(0, eq));
    if (k === name) out.push(decode(eq < 0 ? '' : pair.slice(eq + 1)));
  }
  return out;
}

function decode(s: string): string {
  try {
    return decodeURIComponent(s.replace(/\+/g, ' '));
  } catch {
    return s;
  }
}

function headerValues(input: MatchInput, name: string): string[] {
  const lower = name.toLowerCase();
  const values = input.headers.filter(([n]) => n.toLowerCase() === lower).map(([, v]) => v);
  if (lower === 'host' && values.length === 0 && input.host) return [input.host];
  return values;
}

/** `DomainMatchHostExpression` ([TRF] pkg/muxer/domain.go, v3.7). */
export function hostMatches(host: string, expr: string): boolean {
  const h = host.toLowerCase();
  const e = expr.toLowerCase();
  const strip = (s: string): string => (s.endsWith('.') ? s.slice(0, -1) : s);
  const compare = (d: string, x: string): boolean => {
    if (x.startsWith('*')) {
      const labels = d.split('.');
      labels[0] = '*';
      return labels.join('.') === x;
    }
    return d === x;
  };
  if (h === '') return false;
  return compare(h, e) || compare(h, strip(e)) || compare(strip(h), e);
}

function regexVerdict(what: string, pattern: string, values: readonly string[]): RuleVerdict {
  const re = compileRegex(pattern);
  if (!re.ok) return no(`${what}: the regex ${pattern} does not compile (${re.error})`);
  const hit = values.find((v) => re.regex.exec(v) !== null);
  return hit !== undefined
    ? yes(`${what} "${hit}" matches ${pattern}`)
    : no(
        values.length === 0
          ? `${what} is missing`
          : `${what} "${values.join(', ')}" does not match ${pattern}`,
      );
}

function matcherVerdict(n: Extract<RuleNode, { kind: 'matcher' }>, input: MatchInput): RuleVerdict {
  const [a = '', b] = n.args;
  switch (n.name) {
    case 'Host':
      return hostMatches(input.host, a)
        ? yes(`host is ${input.host}`)
        : no(
            a.startsWith('*.')
              ? `host ${input.host || '(none)'} is not one label under ${a.slice(2)}`
              : `host is ${input.host || '(none)'}, not ${a.toLowerCase()}`,
          );
    case 'HostRegexp':
      return regexVerdict('host', a, input.host ? [input.host] : []);
    case 'Path':
      return input.path === a ? yes(`path is exactly ${a}`) : no(`path is not exactly ${a}`);
    case 'PathPrefix':
      return input.path.startsWith(a)
        ? yes(`path starts with ${a}`)
        : no(`path does not start with ${a}`);
    case 'PathRegexp':
      return regexVerdict('path', a, [input.path]);
    case 'Header': {
      const values = headerValues(input, a);
      return values.includes(b ?? '')
        ? yes(`header ${a} is "${b ?? ''}"`)
        : no(
            values.length === 0
              ? `header ${a} is missing`
              : `header ${a} is "${values.join(', ')}", not "${b ?? ''}"`,
          );
    }
    case 'HeaderRegexp':
      return regexVerdict(`header ${a}`, b ?? '', headerValues(input, a));
    case 'Query':
    case 'QueryRegexp': {
      const values = queryValues(input.query, a);
      if (n.name === 'QueryRegexp' && b !== undefined)
        return regexVerdict(`query parameter ${a}`, b, values);
      const want = b ?? '';
      if (values.includes(want))
        return yes(
          want ? `query parameter ${a} is "${want}"` : `query parameter ${a} has no value`,
        );
      return no(
        values.length === 0
          ? `query parameter ${a} is missing`
          : want
            ? `query parameter ${a} is "${values.join(', ')}", not "${want}"`
            : `query parameter ${a} has a value ("${values.join(', ')}"); Query(\`${a}\`) wants it without one`,
      );
    }
    case 'Method': {
      const m = a.toUpperCase();
      return input.method === m ? yes(`method ${m}`) : no(`method ${input.method} is not ${m}`);
    }
    case 'ClientIP': {
      const cidr = parseCidr(a);
      return cidr && cidrContains(cidr, input.peerAddress)
        ? yes(`client ${input.peerAddress} is in ${a}`)
        : no(`client ${input.peerAddress} (the connection's peer) is not in ${a}`);
    }
  }
}

/** Evaluates a parsed rule. Depth is bounded by the parser (rule.ts MAX_DEPTH). */
export function evaluateRule(n: RuleNode, input: MatchInput): RuleVerdict {
  switch (n.kind) {
    case 'matcher':
      return matcherVerdict(n, input);
    case 'not': {
      const v = evaluateRule(n.arg, input);
      return v.matched ? no(`not: ${v.reason}`) : yes(`not: ${v.reason}`);
    }
    case 'and': {
      const reasons: string[] = [];
      for (const a of n.args) {
        const v = evaluateRule(a, input);
        if (!v.matched) return v;
        reasons.push(v.reason);
      }
      return yes(reasons.join(', '));
    }
    case 'or': {
      const misses: string[] = [];
      for (const a of n.args) {
        const v = evaluateRule(a, input);
        if (v.matched) return v;
        misses.push(v.reason);
      }
      return no(misses.join('; '));
    }
  }
}
