import { describe, expect, it } from 'vitest';
import type { MatchInput } from '../../model/family.js';
import { evaluateRule, hostMatches } from './evaluate.js';
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
