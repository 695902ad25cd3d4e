/**
 * Contour's route order, against [CTR] internal/sorter/sorter.go and its tests, and the
 * examples of site/content/docs/main/config/request-routing.md.
 */
import { describe, expect, it } from 'vitest';
import type { HeaderCondition, PathCondition, QueryCondition } from './conditions.js';
import { describePath } from './conditions.js';
import { sortRoutes, type Sortable } from './precedence.js';

const prefix = (value: string): PathCondition => ({ kind: 'prefix', value });
const exact = (value: string): PathCondition => ({ kind: 'exact', value });
const regex = (value: string): PathCondition => ({ kind: 'regex', value });
const header = (
  name: string,
  matchType: HeaderCondition['matchType'],
  value = '',
  invert = false,
): HeaderCondition => ({
  name,
  matchType,
  value,
  invert,
  ignoreCase: false,
  treatMissingAsEmpty: false,
});
const query = (
  name: string,
  matchType: QueryCondition['matchType'],
  value = '',
): QueryCondition => ({
  name,
  matchType,
  value,
  ignoreCase: false,
});

interface Named extends Sortable {
  readonly name: string;
}
const route = (
  name: string,
  path: PathCondition,
  headers: HeaderCondition[] = [],
  q: QueryCondition[] = [],
): Named => ({ name, path, headers, query: q });
const order = (routes: Named[]) => sortRoutes(routes).map((r) => r.name);

describe('sortRoutes', () => {
  it('puts exact before regex before prefix, whatever the YAML order', () => {
    expect(
      order([
        route('prefix /', prefix('/')),
        route('prefix /blog', prefix('/blog')),
        route('regex', regex('/b.*')),
        route('exact /feed', exact('/feed')),
      ]),
    ).toEqual(['exact /feed', 'regex', 'prefix /blog', 'prefix /']);
  });

  it('orders the request-routing.md multi-path example: /feed, /blog, /', () => {
    const sorted = sortRoutes([
      route('s1', prefix('/')),
      route('s2', prefix('/blog')),
      route('s2-feed', exact('/feed')),
    ]);
    expect(sorted.map((r) => describePath(r.path))).toEqual([
      'exact: /feed',
      'prefix: /blog',
      'prefix: /',
    ]);
  });

  it('puts longer prefixes and regexes first, not lexically greater ones', () => {
    // Contour once sorted lexically, putting "/b" before "/aaaa" (changelog: "Fix bug with
    // algorithm used to sort Envoy regex/prefix path rules").
    expect(order([route('/b', prefix('/b')), route('/aaaa', prefix('/aaaa'))])).toEqual([
      '/aaaa',
      '/b',
    ]);
    expect(order([route('short', regex('/z.*')), route('long', regex('/a/.*/b'))])).toEqual([
      'long',
      'short',
    ]);
    // Equal lengths: the lexically greater first.
    expect(order([route('/aa', prefix('/aa')), route('/ab', prefix('/ab'))])).toEqual([
      '/ab',
      '/aa',
    ]);
  });

  it('puts more header conditions first on the same path, then more query conditions', () => {
    expect(
      order([
        route('none', prefix('/')),
        route('query', prefix('/'), [], [query('os', 'exact', 'other')]),
        route('two headers', prefix('/'), [header('a', 'present'), header('b', 'present')]),
        route('one header', prefix('/'), [header('a', 'present')]),
      ]),
    ).toEqual(['two headers', 'one header', 'query', 'none']);
  });

  it('puts a :method match before any other header count', () => {
    expect(
      order([
        route('headers', prefix('/'), [header('a', 'present'), header('b', 'present')]),
        route('method', prefix('/'), [header(':method', 'exact', 'POST')]),
      ]),
    ).toEqual(['method', 'headers']);
  });

  it('breaks header ties by name, then exact < regex < contains < present', () => {
    expect(
      order([
        route('present', prefix('/'), [header('x-os', 'present')]),
        route('contains ios', prefix('/'), [header('x-os', 'contains', 'ios')]),
        route('contains android', prefix('/'), [header('x-os', 'contains', 'android')]),
        route('regex', prefix('/'), [header('x-os', 'regex', 'i.*')]),
        route('exact', prefix('/'), [header('x-os', 'exact', 'ios')]),
      ]),
    ).toEqual(['exact', 'regex', 'contains android', 'contains ios', 'present']);
  });

  it('sorts a route’s own header conditions by name first', () => {
    const [r] = sortRoutes([
      route('r', prefix('/'), [header('z', 'present'), header('a', 'present')]),
    ]);
    expect(r?.headers.map((h) => h.name)).toEqual(['a', 'z']);
  });

  it('puts the non-inverted match first when all else is equal', () => {
    expect(
      order([
        route('notpresent', prefix('/'), [header('x', 'present', '', true)]),
        route('present', prefix('/'), [header('x', 'present')]),
      ]),
    ).toEqual(['present', 'notpresent']);
  });
});
