import { describe, expect, it } from 'vitest';
import type { MatchInput } from '../../model/family.js';
import { evaluateExpression, hostMatches, type MatchVerdict } from '../../path/routeMatch.js';
import { toExpression } from './expression.js';
import { parseRule, type RuleNode } from './rule.js';

const input = (over: Partial<MatchInput> = {}): MatchInput => ({
  host: 'shop.example.com',
  path: '/',
  rawPath: '/',
  method: 'GET',
  headers: [],
  query: '',
  peerAddress: '198.51.100.23',
  ...over,
});

function rule(text: string): RuleNode {
  const r = parseRule(text);
  if (!r.ok) throw new Error(r.error.message);
  return r.tree;
}

/** A rule as the router list evaluates it: translated to the route table's expression. */
function evaluateRule(tree: RuleNode, request: MatchInput): MatchVerdict {
  return evaluateExpression(toExpression(tree), request);
}

describe('host expressions ([TRF] pkg/muxer/domain.go DomainMatchHostExpression, v3.7)', () => {
  it('*.example.com covers one label, not the apex nor two labels', () => {
    expect(hostMatches('foo.example.com', '*.example.com')).toBe(true);
    expect(hostMatches('bar.foo.example.com', '*.example.com')).toBe(false);
    expect(hostMatches('example.com', '*.example.com')).toBe(false);
  });

  it('a leading * replaces the first label, so Host(`*`) covers one-label names only', () => {
    expect(hostMatches('localhost', '*')).toBe(true);
    expect(hostMatches('shop.example.com', '*')).toBe(false);
    expect(hostMatches('', '*')).toBe(false);
  });

  it('ignores case and a trailing dot on either side', () => {
    expect(hostMatches('shop.example.com', 'Shop.Example.COM')).toBe(true);
    expect(hostMatches('shop.example.com.', 'shop.example.com')).toBe(true);
    expect(hostMatches('shop.example.com', 'shop.example.com.')).toBe(true);
  });
});

describe('matchers ([TRF] pkg/muxer/http/matcher.go)', () => {
  it('regexes match anywhere unless anchored (Go regexp.MatchString)', () => {
    expect(evaluateRule(rule('PathRegexp(`/api`)'), input({ path: '/v1/api/x' })).matched).toBe(
      true,
    );
    expect(evaluateRule(rule('PathRegexp(`^/api`)'), input({ path: '/v1/api/x' })).matched).toBe(
      false,
    );
    expect(evaluateRule(rule('HostRegexp(`example`)'), input()).matched).toBe(true);
  });

  it('Header matches any one of the values exactly', () => {
    const r = rule('Header(`X-Env`, `prod`)');
    const headers: [string, string][] = [
      ['x-env', 'dev'],
      ['X-Env', 'prod'],
    ];
    expect(evaluateRule(r, input({ headers })).matched).toBe(true);
    expect(evaluateRule(r, input({ headers: [['X-Env', 'prod, dev']] })).matched).toBe(false);
  });

  it('Query(`k`) wants the parameter without a value; Query(`k`, `v`) any of its values', () => {
    expect(evaluateRule(rule('Query(`mobile`)'), input({ query: 'mobile' })).matched).toBe(true);
    expect(evaluateRule(rule('Query(`mobile`)'), input({ query: 'mobile=true' })).matched).toBe(
      false,
    );
    expect(evaluateRule(rule('Query(`v`, `2`)'), input({ query: 'v=1&v=2' })).matched).toBe(true);
    expect(
      evaluateRule(rule('QueryRegexp(`v`, `^[0-9]$`)'), input({ query: 'v=x&v=7' })).matched,
    ).toBe(true);
  });

  it('Method is upper-cased; ! inverts', () => {
    expect(evaluateRule(rule('Method(`post`)'), input({ method: 'POST' })).matched).toBe(true);
    expect(evaluateRule(rule('!Method(`GET`)'), input()).matched).toBe(false);
  });
});

describe('rules evaluated through the route table', () => {
  it('Host(`*`) and Host(`*.example.com`) cover one label, with the reason', () => {
    expect(evaluateRule(rule('Host(`*`)'), input({ host: 'localhost' })).matched).toBe(true);
    expect(evaluateRule(rule('Host(`*`)'), input()).matched).toBe(false);
    const v = evaluateRule(rule('Host(`*.example.com`)'), input({ host: 'a.b.example.com' }));
    expect(v).toStrictEqual({
      matched: false,
      reason: 'host a.b.example.com is not one label under example.com',
    });
    expect(evaluateRule(rule('Host(`Shop.Example.com.`)'), input()).matched).toBe(true);
  });

  it('HostRegexp runs on the host as it is and needs a host', () => {
    expect(evaluateRule(rule('HostRegexp(`^shop\\.`)'), input()).matched).toBe(true);
    expect(evaluateRule(rule('HostRegexp(`^SHOP`)'), input()).matched).toBe(false);
    expect(evaluateRule(rule('HostRegexp(`.*`)'), input({ host: '' })).reason).toBe(
      'host is missing',
    );
  });

  it('HeaderRegexp matches any one value; a miss names every value', () => {
    const headers: [string, string][] = [
      ['X-Env', 'dev'],
      ['X-Env', 'prod-eu'],
    ];
    expect(evaluateRule(rule('HeaderRegexp(`X-Env`, `^prod`)'), input({ headers })).matched).toBe(
      true,
    );
    expect(evaluateRule(rule('Header(`X-Env`, `prod`)'), input({ headers }))).toStrictEqual({
      matched: false,
      reason: 'header X-Env is "dev", "prod-eu", none of them "prod"',
    });
  });

  it('Query(`k`) says why a parameter with a value misses', () => {
    expect(evaluateRule(rule('Query(`mobile`)'), input({ query: 'mobile=' }))).toStrictEqual({
      matched: true,
      reason: 'query parameter mobile has no value',
    });
    expect(evaluateRule(rule('Query(`mobile`)'), input({ query: 'mobile=true' })).reason).toBe(
      'query parameter mobile is "true", not empty',
    );
  });

  it("ClientIP takes a single address or a range, and reads the connection's peer", () => {
    expect(evaluateRule(rule('ClientIP(`198.51.100.23`)'), input()).matched).toBe(true);
    expect(evaluateRule(rule('ClientIP(`198.51.100.0/24`)'), input()).matched).toBe(true);
    const forwarded = input({ headers: [['X-Forwarded-For', '10.0.0.1']] });
    expect(evaluateRule(rule('ClientIP(`10.0.0.1`)'), forwarded).matched).toBe(false);
  });

  it('&& stops at the first miss and || reports every miss', () => {
    const r = rule('Host(`shop.example.com`) && (Path(`/a`) || PathPrefix(`/b`))');
    expect(evaluateRule(r, input({ path: '/c' }))).toStrictEqual({
      matched: false,
      reason: 'path is not exactly /a and path does not start with /b',
    });
    expect(evaluateRule(r, input({ path: '/b/1' })).reason).toBe(
      'host is shop.example.com and path starts with /b',
    );
  });
});
