import { describe, expect, it } from 'vitest';
import { normalizeUri, removeDotSegments } from './request.js';

describe('removeDotSegments (RFC 3986 section 5.2.4)', () => {
  const rfc = { mergeSlashes: false, aboveRoot: 'root' } as const;

  it('drops "." segments and takes the segment before a ".." away', () => {
    // RFC 3986 section 5.2.4's own examples, on absolute paths.
    expect(removeDotSegments('/a/b/c/./../../g', rfc)).toBe('/a/g');
    expect(removeDotSegments('/mid/content=5/../6', rfc)).toBe('/mid/6');
    expect(removeDotSegments('/a/b/..', rfc)).toBe('/a/');
    expect(removeDotSegments('/a/.', rfc)).toBe('/a/');
    expect(removeDotSegments('/a/..b/.c', rfc)).toBe('/a/..b/.c');
  });

  it('keeps the root, or fails, when ".." climbs above it', () => {
    expect(removeDotSegments('/../x', rfc)).toBe('/x');
    expect(removeDotSegments('/../x', { mergeSlashes: true, aboveRoot: 'error' })).toBeUndefined();
  });

  it('with mergeSlashes an empty segment is gone before ".." sees it', () => {
    expect(removeDotSegments('/a//../b', rfc)).toBe('/a/b');
    expect(removeDotSegments('/a//../b', { mergeSlashes: true, aboveRoot: 'root' })).toBe('/b');
  });
});

describe("nginx's URI normalization (ngx_http_parse_complex_uri)", () => {
  it('decodes, merges slashes while parsing, resolves dot segments; above the root is a 400', () => {
    expect(normalizeUri('/a//b/./c/../d')).toStrictEqual({ ok: true, uri: '/a/b/d' });
    expect(normalizeUri('/a//../b')).toStrictEqual({ ok: true, uri: '/b' });
    expect(normalizeUri('/a/%2e%2e/b')).toStrictEqual({ ok: true, uri: '/b' });
    expect(normalizeUri('/..')).toStrictEqual({ ok: false });
    expect(normalizeUri('/plain')).toStrictEqual({ ok: true, uri: '/plain' });
  });
});
