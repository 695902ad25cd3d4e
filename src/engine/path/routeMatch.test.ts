import { describe, expect, it } from 'vitest';
import type { MatchInput } from '../model/family.js';
import type { RouteMatch } from '../model/routeTable.js';
import { applyHeaderFilter } from './headerFilter.js';
import { evaluateMatch, parseQuery } from './routeMatch.js';

const input = (over: Partial<MatchInput> = {}): MatchInput => ({
  host: 'shop.example.com',
  path: '/',
  rawPath: '/',
  method: 'GET',
  headers: [],
  query: '',
  peerAddress: '198.51.100.7',
  ...over,
});

const prefix = (value: string, semantics: 'segment' | 'string' = 'segment'): RouteMatch => ({
  path: { kind: 'prefix', value, semantics },
  headers: [],
  query: [],
});

describe('evaluateMatch', () => {
  it('a segment prefix covers whole path elements only, with or without a trailing slash', () => {
    // [GW] HTTPPathMatch PathPrefix; semantics.md C3: "/abc" matches /abc, /abc/, /abc/def, not /abcd.
    for (const value of ['/abc', '/abc/']) {
      expect(evaluateMatch(prefix(value), input({ path: '/abc' })).matched).toBe(true);
      expect(evaluateMatch(prefix(value), input({ path: '/abc/def' })).matched).toBe(true);
      expect(evaluateMatch(prefix(value), input({ path: '/abcd' })).matched).toBe(false);
    }
    expect(evaluateMatch(prefix('/'), input({ path: '/anything' })).matched).toBe(true);
  });

  it('a string prefix is a plain prefix (Traefik PathPrefix, Contour prefix)', () => {
    expect(
      evaluateMatch(prefix('/products', 'string'), input({ path: '/products-for-sale' })).matched,
    ).toBe(true);
  });

  it('an exact path is case-sensitive and does not take a trailing slash', () => {
    const m: RouteMatch = { path: { kind: 'exact', value: '/abc' }, headers: [], query: [] };
    expect(evaluateMatch(m, input({ path: '/abc' })).matched).toBe(true);
    expect(evaluateMatch(m, input({ path: '/abc/' })).matched).toBe(false);
    expect(evaluateMatch(m, input({ path: '/Abc' })).matched).toBe(false);
  });

  it('a whole-path regex must match all of the path; a search regex anywhere', () => {
    const whole: RouteMatch = {
      path: {
        kind: 'regex',
        pattern: '/v[0-9]+',
        caseInsensitive: false,
        anchoredStart: false,
        whole: true,
      },
      headers: [],
      query: [],
    };
    expect(evaluateMatch(whole, input({ path: '/v2' })).matched).toBe(true);
    expect(evaluateMatch(whole, input({ path: '/v2/x' })).matched).toBe(false);
    const search: RouteMatch = {
      ...whole,
      path: { ...whole.path, whole: false } as RouteMatch['path'],
    };
    expect(evaluateMatch(search, input({ path: '/api/v2/x' })).matched).toBe(true);
  });

  it('a pattern RE2 refuses never matches and says why', () => {
    const m: RouteMatch = {
      path: { kind: 'regex', pattern: '(?=x)', caseInsensitive: false, anchoredStart: false },
      headers: [],
      query: [],
    };
    const v = evaluateMatch(m, input());
    expect(v.matched).toBe(false);
    expect(v.regexError).toMatch(/lookahead/);
  });

  it('headers are matched by case-insensitive name; all conditions are ANDed', () => {
    const m: RouteMatch = {
      ...prefix('/'),
      headers: [{ name: 'Version', kind: 'exact', value: 'two' }],
      method: 'POST',
    };
    expect(evaluateMatch(m, input({ method: 'POST', headers: [['version', 'two']] })).matched).toBe(
      true,
    );
    const wrongMethod = evaluateMatch(m, input({ method: 'GET', headers: [['version', 'two']] }));
    expect(wrongMethod).toMatchObject({ matched: false, reason: 'method GET is not POST' });
    expect(evaluateMatch(m, input({ method: 'POST' })).reason).toBe('header Version is missing');
  });

  it('query parameter names are case-sensitive; the first value counts unless any is asked for', () => {
    const m: RouteMatch = {
      ...prefix('/'),
      query: [{ name: 'animal', kind: 'exact', value: 'whale' }],
    };
    expect(evaluateMatch(m, input({ query: 'animal=whale' })).matched).toBe(true);
    expect(evaluateMatch(m, input({ query: 'Animal=whale' })).matched).toBe(false);
    expect(evaluateMatch(m, input({ query: 'animal=dolphin&animal=whale' })).matched).toBe(false);
    const any: RouteMatch = {
      ...m,
      query: [{ name: 'animal', kind: 'exact', value: 'whale', values: 'any' }],
    };
    expect(evaluateMatch(any, input({ query: 'animal=dolphin&animal=whale' })).matched).toBe(true);
    expect(parseQuery('a=b%20c&d')).toStrictEqual([
      ['a', 'b c'],
      ['d', ''],
    ]);
  });

  it('evaluates and/or/not expressions over host, path, method and client IP', () => {
    const m: RouteMatch = {
      ...prefix('/'),
      expression: {
        op: 'and',
        args: [
          { op: 'host', kind: 'exact', value: '*.example.com' },
          {
            op: 'or',
            args: [
              { op: 'method', methods: ['POST'] },
              { op: 'not', arg: { op: 'clientIP', cidrs: ['198.51.100.0/24'] } },
            ],
          },
        ],
      },
    };
    expect(evaluateMatch(m, input({ method: 'POST' })).matched).toBe(true);
    expect(evaluateMatch(m, input()).matched).toBe(false);
    expect(evaluateMatch(m, input({ peerAddress: '203.0.113.9' })).matched).toBe(true);
    // A wildcard host covers one label only.
    expect(evaluateMatch(m, input({ host: 'a.b.example.com', method: 'POST' })).matched).toBe(
      false,
    );
  });
});

describe('applyHeaderFilter', () => {
  it('sets, appends with "," and removes, whatever the case of the names', () => {
    // [GW] HTTPHeaderFilter: "my-header: foo" + add "my-header: bar" gives "foo,bar".
    const { headers } = applyHeaderFilter(
      { 'My-Header': 'foo', 'X-Remove': '1', Keep: 'x' },
      { set: [['keep', 'y']], add: [['my-header', 'bar']], remove: ['x-remove'] },
    );
    expect(headers).toStrictEqual({ 'My-Header': 'foo,bar', keep: 'y' });
  });
});
