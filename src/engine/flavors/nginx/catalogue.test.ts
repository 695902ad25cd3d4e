import { describe, expect, it } from 'vitest';
import type { NginxKeyScope } from './catalogue.js';
import {
  FOREIGN_ANNOTATION_PREFIXES,
  NGINX_ANNOTATION_PREFIX,
  NGINX_KEYS,
  NGINX_MISNOMERS,
  findNginxKey,
} from './catalogue.js';

// semantics.md B11, with its wildcards spelled out.
const CONFIGMAP_ONLY = [
  'use-forwarded-headers',
  'compute-full-forwarded-for',
  'enable-real-ip',
  'forwarded-for-header',
  'proxy-real-ip-cidr',
  'use-proxy-protocol',
  'upstream-keepalive-connections',
  'upstream-keepalive-timeout',
  'upstream-keepalive-requests',
  'upstream-keepalive-time',
  'keep-alive',
  'keep-alive-requests',
  'limit-req-status-code',
  'limit-conn-status-code',
  'limit-conn-zone-variable',
  'http-redirect-code',
  'retry-non-idempotent',
  'hsts',
  'hsts-max-age',
  'hsts-include-subdomains',
  'hsts-preload',
  'ssl-protocols',
  'no-tls-redirect-locations',
  'client-header-timeout',
  'client-body-timeout',
  'worker-shutdown-timeout',
  'global-auth-url',
  'allow-snippet-annotations',
  'annotations-risk-level',
  'strict-validate-path-type',
];

const BOTH = [
  'proxy-body-size',
  'proxy-connect-timeout',
  'proxy-read-timeout',
  'proxy-send-timeout',
  'proxy-next-upstream',
  'proxy-next-upstream-tries',
  'proxy-next-upstream-timeout',
  'proxy-request-buffering',
  'proxy-buffering',
  'proxy-buffer-size',
  'proxy-buffers-number',
  'load-balance',
  'ssl-redirect',
  'force-ssl-redirect',
  'whitelist-source-range',
  'denylist-source-range',
  'custom-http-errors',
  'limit-rate',
  'limit-rate-after',
  'service-upstream',
  'client-body-buffer-size',
  'ssl-ciphers',
];

const ANNOTATION_ONLY = [
  'rewrite-target',
  'use-regex',
  'app-root',
  'canary',
  'canary-by-header',
  'canary-by-header-value',
  'canary-by-header-pattern',
  'canary-by-cookie',
  'canary-weight',
  'canary-weight-total',
  'affinity',
  'affinity-mode',
  'affinity-canary-behavior',
  'session-cookie-name',
  'session-cookie-path',
  'session-cookie-domain',
  'session-cookie-samesite',
  'session-cookie-conditional-samesite-none',
  'session-cookie-change-on-failure',
  'session-cookie-secure',
  'session-cookie-expires',
  'session-cookie-max-age',
  'upstream-hash-by',
  'upstream-hash-by-subset',
  'upstream-hash-by-subset-size',
  'upstream-vhost',
  'x-forwarded-prefix',
  'mirror-target',
  'mirror-host',
  'mirror-request-body',
  'server-alias',
  'limit-rps',
  'limit-rpm',
  'limit-connections',
  'limit-burst-multiplier',
  'limit-allowlist',
  'enable-cors',
  'cors-allow-origin',
  'cors-allow-methods',
  'cors-allow-headers',
  'cors-expose-headers',
  'cors-allow-credentials',
  'cors-max-age',
  'backend-protocol',
  'permanent-redirect',
  'permanent-redirect-code',
  'temporal-redirect',
  'temporal-redirect-code',
  'from-to-www-redirect',
  'auth-type',
  'auth-secret',
  'auth-realm',
  'auth-url',
  'auth-tls-secret',
  'auth-tls-verify-client',
  'auth-tls-verify-depth',
  'auth-tls-error-page',
  'auth-tls-pass-certificate-to-upstream',
  'auth-tls-match-cn',
  'default-backend',
  'ssl-passthrough',
];

function scopeOf(name: string): NginxKeyScope | undefined {
  return findNginxKey(name)?.scope;
}

describe('scopes (semantics.md B11)', () => {
  it.each(CONFIGMAP_ONLY)('%s is ConfigMap-only', (name) => {
    expect(scopeOf(name)).toBe('configmap');
  });
  it.each(BOTH)('%s is settable in both places', (name) => {
    expect(scopeOf(name)).toBe('both');
  });
  it.each(ANNOTATION_ONLY)('%s is annotation-only', (name) => {
    expect(scopeOf(name)).toBe('annotation');
  });

  it('every hsts* and upstream-keepalive-* key in the catalogue is ConfigMap-only', () => {
    const family = NGINX_KEYS.filter(
      (k) => k.name.startsWith('hsts') || k.name.startsWith('upstream-keepalive-'),
    );
    expect(family.length).toBeGreaterThanOrEqual(8);
    for (const k of family) expect(k.scope, k.name).toBe('configmap');
  });

  it('every canary*, cors-*, session-cookie-*, mirror-* and auth-tls-* key is annotation-only', () => {
    const family = NGINX_KEYS.filter((k) =>
      /^(canary|cors-|session-cookie-|mirror-|auth-tls-)/.test(k.name),
    );
    expect(family.length).toBeGreaterThanOrEqual(30);
    for (const k of family) expect(k.scope, k.name).toBe('annotation');
  });
});

describe('defaults (semantics.md B5)', () => {
  it.each([
    ['proxy-connect-timeout', '5', 'seconds'],
    ['proxy-read-timeout', '60', 'seconds'],
    ['proxy-send-timeout', '60', 'seconds'],
    ['proxy-body-size', '1m', 'nginx size'],
    ['proxy-next-upstream', 'error timeout', undefined],
    ['proxy-next-upstream-tries', '3', 'attempts'],
    ['proxy-next-upstream-timeout', '0', 'seconds'],
    ['upstream-keepalive-connections', '320', 'connections per worker'],
    ['upstream-keepalive-timeout', '60', 'seconds'],
    ['upstream-keepalive-requests', '10000', 'requests'],
    ['upstream-keepalive-time', '1h', 'nginx time'],
    ['keep-alive', '75', 'seconds'],
    ['keep-alive-requests', '1000', 'requests'],
    ['client-header-timeout', '60', 'seconds'],
    ['client-body-timeout', '60', 'seconds'],
    ['limit-req-status-code', '503', 'HTTP status'],
    ['limit-conn-status-code', '503', 'HTTP status'],
    ['limit-conn-zone-variable', '$binary_remote_addr', undefined],
    ['http-redirect-code', '308', 'HTTP status'],
    ['ssl-redirect', 'true', undefined],
    ['force-ssl-redirect', 'false', undefined],
    ['hsts', 'true', undefined],
    ['hsts-max-age', '31536000', 'seconds'],
    ['ssl-protocols', 'TLSv1.2 TLSv1.3', undefined],
    ['use-forwarded-headers', 'false', undefined],
    ['compute-full-forwarded-for', 'false', undefined],
    ['enable-real-ip', 'false', undefined],
    ['proxy-real-ip-cidr', '0.0.0.0/0', undefined],
    ['forwarded-for-header', 'X-Forwarded-For', undefined],
    ['proxy-buffering', 'off', undefined],
    ['proxy-request-buffering', 'on', undefined],
    ['worker-shutdown-timeout', '240s', 'nginx time'],
    ['load-balance', 'round_robin', undefined],
    ['retry-non-idempotent', 'false', undefined],
    ['allow-snippet-annotations', 'false', undefined],
    ['annotations-risk-level', 'High', undefined],
    ['strict-validate-path-type', 'true', undefined],
    ['service-upstream', 'false', undefined],
    ['limit-burst-multiplier', '5', undefined],
  ] as const)('%s defaults to %s', (name, value, unit) => {
    const key = findNginxKey(name);
    expect(key?.default).toBe(value);
    if (unit !== undefined) expect(key?.unit).toBe(unit);
  });

  it('closed value sets contain their own default', () => {
    for (const k of NGINX_KEYS) {
      if (k.values && k.default !== undefined) expect(k.values, k.name).toContain(k.default);
    }
  });

  it('knows the closed sets the simulator relies on', () => {
    expect(findNginxKey('backend-protocol')?.values).toEqual([
      'HTTP',
      'HTTPS',
      'AUTO_HTTP',
      'GRPC',
      'GRPCS',
      'FCGI',
    ]);
    expect(findNginxKey('http-redirect-code')?.values).toEqual(['301', '302', '307', '308']);
    expect(findNginxKey('affinity')?.values).toEqual(['cookie']);
    expect(findNginxKey('annotations-risk-level')?.values).toEqual([
      'Low',
      'Medium',
      'High',
      'Critical',
    ]);
  });
});

describe('findNginxKey', () => {
  it('resolves aliases to their main key', () => {
    expect(findNginxKey('whitelist-source-range')?.name).toBe('allowlist-source-range');
    expect(findNginxKey('limit-whitelist')?.name).toBe('limit-allowlist');
  });

  it('accepts the full annotation name', () => {
    expect(findNginxKey(`${NGINX_ANNOTATION_PREFIX}proxy-read-timeout`)?.name).toBe(
      'proxy-read-timeout',
    );
  });

  it('returns undefined for unknown names', () => {
    expect(findNginxKey('rate-limit')).toBeUndefined();
    expect(findNginxKey('rate-limit-window')).toBeUndefined();
    expect(findNginxKey('')).toBeUndefined();
  });

  it('finds every key by its name', () => {
    for (const k of NGINX_KEYS) expect(findNginxKey(k.name)).toBe(k);
  });
});

describe('risk levels', () => {
  it('snippets are Critical', () => {
    for (const name of [
      'configuration-snippet',
      'server-snippet',
      'stream-snippet',
      'auth-snippet',
      'modsecurity-snippet',
    ]) {
      expect(findNginxKey(name)?.risk, name).toBe('Critical');
    }
  });

  it('every live annotation has a risk, and ConfigMap-only keys have none', () => {
    for (const k of NGINX_KEYS) {
      if (k.scope === 'configmap') expect(k.risk, k.name).toBeUndefined();
      else if (k.removedIn === undefined) expect(k.risk, k.name).toBeDefined();
    }
  });

  it('matches annotations-risk.md for a few keys', () => {
    expect(findNginxKey('auth-url')?.risk).toBe('High');
    expect(findNginxKey('upstream-hash-by')?.risk).toBe('High');
    expect(findNginxKey('server-alias')?.risk).toBe('High');
    expect(findNginxKey('allowlist-source-range')?.risk).toBe('Medium');
    expect(findNginxKey('limit-rps')?.risk).toBe('Low');
  });
});

describe('removed keys and misnomers', () => {
  it('global-rate-limit* annotations were removed in 1.12.0', () => {
    for (const name of [
      'global-rate-limit',
      'global-rate-limit-window',
      'global-rate-limit-key',
      'global-rate-limit-ignored-cidrs',
    ]) {
      expect(findNginxKey(name)?.removedIn, name).toBe('1.12.0');
      expect(
        NGINX_MISNOMERS.some((m) => m.name === name),
        name,
      ).toBe(true);
    }
  });

  it('rate-limit and rate-limit-window point to limit-rps and limit-rpm', () => {
    for (const name of ['rate-limit', 'rate-limit-window']) {
      const m = NGINX_MISNOMERS.find((x) => x.name === name);
      expect(m?.suggest).toEqual(expect.arrayContaining(['limit-rps', 'limit-rpm']));
      expect(m?.advice.length).toBeGreaterThan(0);
    }
  });

  it('limit-req-status-code is a real ConfigMap-only key, not a misnomer', () => {
    expect(NGINX_MISNOMERS.some((m) => m.name === 'limit-req-status-code')).toBe(false);
    expect(findNginxKey('limit-req-status-code')?.scope).toBe('configmap');
  });

  it('no nginx.org/ names are listed (they are handled by prefix)', () => {
    for (const m of NGINX_MISNOMERS) expect(m.name.includes('/'), m.name).toBe(false);
  });

  it('misnomers only suggest keys that exist and are not removed', () => {
    for (const m of NGINX_MISNOMERS) {
      for (const s of m.suggest ?? []) {
        const key = findNginxKey(s);
        expect(key, `${m.name} → ${s}`).toBeDefined();
        expect(key?.removedIn, `${m.name} → ${s}`).toBeUndefined();
      }
    }
  });

  it('no misnomer shadows a live key or alias', () => {
    for (const m of NGINX_MISNOMERS) {
      const key = findNginxKey(m.name);
      if (key) expect(key.removedIn, m.name).toBeDefined();
    }
  });
});

describe('catalogue hygiene', () => {
  it('has no duplicate names or aliases', () => {
    const seen = new Set<string>();
    for (const k of NGINX_KEYS) {
      for (const n of [k.name, ...(k.aliases ?? [])]) {
        expect(seen.has(n), n).toBe(false);
        seen.add(n);
      }
    }
    const misnomers = NGINX_MISNOMERS.map((m) => m.name);
    expect(new Set(misnomers).size).toBe(misnomers.length);
  });

  it('every key has a summary and a doc anchor', () => {
    for (const k of NGINX_KEYS) {
      expect(k.summary.trim().length, k.name).toBeGreaterThan(10);
      expect(k.docs, k.name).toMatch(
        /^(annotations|configmap|annotations-risk)\.md(#[a-z0-9-]+)?$/,
      );
    }
  });

  it('names are bare lower-case keys without the prefix', () => {
    for (const k of NGINX_KEYS) expect(k.name, k.name).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
  });

  it('is complete enough to be useful', () => {
    const count = (scope: NginxKeyScope): number =>
      NGINX_KEYS.filter((k) => k.scope === scope && k.removedIn === undefined).length;
    expect(count('annotation')).toBeGreaterThanOrEqual(80);
    expect(count('configmap')).toBeGreaterThanOrEqual(120);
    expect(count('both')).toBeGreaterThanOrEqual(30);
  });
});

describe('FOREIGN_ANNOTATION_PREFIXES', () => {
  const ownerOf = (annotation: string) =>
    FOREIGN_ANNOTATION_PREFIXES.find((p) => annotation.startsWith(p.prefix));

  it('names the other controllers', () => {
    expect(ownerOf('nginx.org/client-max-body-size')?.owner).toMatch(/F5/);
    expect(ownerOf('traefik.ingress.kubernetes.io/router.entrypoints')?.owner).toBe('Traefik');
    expect(ownerOf('projectcontour.io/response-timeout')?.owner).toMatch(/Contour/);
    expect(ownerOf('contour.heptio.com/request-timeout')?.owner).toMatch(/Contour/);
    expect(ownerOf('alb.ingress.kubernetes.io/scheme')?.owner).toMatch(/AWS/);
    expect(ownerOf('haproxy.org/timeout-server')?.harmless).toBe(false);
    expect(ownerOf('haproxy.router.openshift.io/timeout')?.harmless).toBe(false);
    expect(ownerOf('konghq.com/strip-path')?.harmless).toBe(false);
    expect(ownerOf('getambassador.io/config')?.harmless).toBe(false);
    expect(ownerOf('ingress.kubernetes.io/ssl-redirect')?.harmless).toBe(false);
  });

  it('marks other tools as harmless', () => {
    for (const a of [
      'cert-manager.io/cluster-issuer',
      'external-dns.alpha.kubernetes.io/hostname',
      'kubectl.kubernetes.io/last-applied-configuration',
      'meta.helm.sh/release-name',
      'argocd.argoproj.io/sync-wave',
    ]) {
      expect(ownerOf(a)?.harmless, a).toBe(true);
    }
    expect(ownerOf('cert-manager.io/cluster-issuer')?.owner).toBe(
      'cert-manager (not read by the controller, fine to keep)',
    );
  });

  it('does not claim ingress-nginx or the class annotation', () => {
    expect(ownerOf(`${NGINX_ANNOTATION_PREFIX}proxy-read-timeout`)).toBeUndefined();
    expect(ownerOf('kubernetes.io/ingress.class')).toBeUndefined();
  });
});
