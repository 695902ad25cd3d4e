import { describe, expect, it } from 'vitest';
import { applyPathSteps, goExpand } from './pathSteps.js';
import { redirectStatus } from './redirectChecks.js';

describe('Traefik path middlewares as steps', () => {
  it('StripPrefix removes the first prefix that matches and records it ([TRF] stripprefix.md)', () => {
    const r = applyPathSteps(
      [{ kind: 'stripPrefix', prefixes: ['/foobar', '/fiibar'] }],
      '/fiibar/api',
    );
    expect(r.path).toBe('/api');
    expect(r.strippedPrefixes).toEqual(['/fiibar']);
  });

  it('StripPrefix is a string prefix and keeps a leading slash', () => {
    expect(applyPathSteps([{ kind: 'stripPrefix', prefixes: ['/api'] }], '/apiv2/x').path).toBe(
      '/v2/x',
    );
    expect(applyPathSteps([{ kind: 'stripPrefix', prefixes: ['/api'] }], '/api').path).toBe('/');
  });

  it('StripPrefixRegex strips what the regex matches at the start ([TRF] stripprefixregex.md)', () => {
    const r = applyPathSteps(
      [{ kind: 'stripPrefixRegex', patterns: ['/foo/[a-z0-9]+/[0-9]+/'] }],
      '/foo/abc/123/bar',
    );
    expect(r.path).toBe('/bar');
    expect(r.strippedPrefixes).toEqual(['/foo/abc/123/']);
  });

  it('AddPrefix, ReplacePath and ReplacePathRegex ([TRF] addprefix.md, replacepath.md, replacepathregex.md)', () => {
    expect(applyPathSteps([{ kind: 'addPrefix', prefix: '/foo' }], '/bar').path).toBe('/foo/bar');
    const replaced = applyPathSteps([{ kind: 'replacePath', path: '/foo' }], '/any/thing');
    expect(replaced).toMatchObject({ path: '/foo', replacedPath: '/any/thing' });
    expect(
      applyPathSteps(
        [{ kind: 'replacePathRegex', pattern: '^/foo/(.*)', replacement: '/bar/$1' }],
        '/foo/x/y',
      ).path,
    ).toBe('/bar/x/y');
  });

  it('steps apply in order: strip then add', () => {
    expect(
      applyPathSteps(
        [
          { kind: 'stripPrefix', prefixes: ['/shop'] },
          { kind: 'addPrefix', prefix: '/v1' },
        ],
        '/shop/cart',
      ).path,
    ).toBe('/v1/cart');
  });
});

describe("Go's replacement template", () => {
  it('expands $1 and ${1}; $1x names a group "1x", which is empty', () => {
    const groups = ['/a/b', 'a', 'b'];
    expect(goExpand('/x/$1/$2', groups)).toBe('/x/a/b');
    expect(goExpand('/x/${1}x', groups)).toBe('/x/ax');
    expect(goExpand('/x/$1x', groups)).toBe('/x/');
    expect(goExpand('$$1', groups)).toBe('$1');
  });
});

describe('redirect status ([TRF] pkg/middlewares/redirect/redirect.go moveHandler)', () => {
  it('is 301/308 when permanent, 302/307 otherwise, the first for GET', () => {
    expect(redirectStatus(true, 'GET')).toBe(301);
    expect(redirectStatus(true, 'POST')).toBe(308);
    expect(redirectStatus(false, 'GET')).toBe(302);
    expect(redirectStatus(false, 'HEAD')).toBe(307);
  });
});
