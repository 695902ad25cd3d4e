import { describe, expect, it } from 'vitest';
import type { IngressRoute, TraefikMiddleware } from '../../model/traefik.js';
import { loadManifests } from '../load.js';
import { parseTraefikDurationMs } from './traefik.js';

// The tutorial's IngressRoute (reverse-proxies-and-kubernetes-ingress, Part 2), indented.
const TUTORIAL = `apiVersion: traefik.io/v1alpha1
kind: IngressRoute
metadata:
  name: api-route
spec:
  entryPoints:
    - websecure
  routes:
    - match: Host(\`api.example.com\`) && PathPrefix(\`/api\`)
      kind: Rule
      services:
        - name: api-service
          port: 80
      middlewares:
        - name: rate-limit
  tls:
    certResolver: letsencrypt # Automatic Let's Encrypt
`;

function only<K extends 'IngressRoute' | 'Middleware'>(
  text: string,
  kind: K,
): K extends 'IngressRoute' ? IngressRoute : TraefikMiddleware {
  const r = loadManifests(text).resources.find((x) => x.kind === kind);
  if (!r) throw new Error(`no ${kind} loaded`);
  return r as K extends 'IngressRoute' ? IngressRoute : TraefikMiddleware;
}

function codes(text: string): [string, number][] {
  return loadManifests(text).diagnostics.map((d) => [d.code, d.source?.range.startLine ?? 0]);
}

describe('readIngressRoute', () => {
  it('reads the tutorial IngressRoute with each part on its line', () => {
    expect(codes(TUTORIAL)).toEqual([]);
    const ir = only(TUTORIAL, 'IngressRoute');
    expect(ir.entryPoints).toEqual(['websecure']);
    expect(ir.meta.namespace).toBe('default');
    const route = ir.routes[0];
    expect(route?.match).toBe('Host(`api.example.com`) && PathPrefix(`/api`)');
    expect(route?.matchSource.range.startLine).toBe(9);
    expect(route?.services[0]).toMatchObject({ name: 'api-service', kind: 'Service', port: 80 });
    expect(route?.middlewares[0]).toMatchObject({ name: 'rate-limit' });
    expect(route?.middlewares[0]?.source.range.startLine).toBe(15);
    expect(ir.tls).toMatchObject({ certResolver: 'letsencrypt', domains: [] });
  });

  it('reads the old traefik.containo.us group too', () => {
    const old = TUTORIAL.replace('traefik.io/v1alpha1', 'traefik.containo.us/v1alpha1');
    expect(only(old, 'IngressRoute').apiVersion).toBe('traefik.containo.us/v1alpha1');
  });

  it('refuses what the CRD schema refuses, on its line', () => {
    const bad = `apiVersion: traefik.io/v1alpha1
kind: IngressRoute
metadata:
  name: bad
spec:
  routes:
    - kind: Match
      priority: high
      services:
        - port: 80
`;
    const { diagnostics, rejected } = loadManifests(bad);
    expect(rejected).toHaveLength(1);
    expect(diagnostics.map((d) => [d.code, d.source?.range.startLine])).toEqual([
      ['RL702', 7],
      ['RL701', 7],
      ['RL104', 8],
      ['RL702', 10],
    ]);
  });

  it('keeps a rule that does not parse: kubectl accepts any string, Traefik refuses it later', () => {
    const text = TUTORIAL.replace('Host(`api.example.com`)', "Host('api.example.com')");
    expect(codes(text)).toEqual([]);
    expect(only(text, 'IngressRoute').routes[0]?.match).toContain("Host('api.example.com')");
  });
});

describe('readTraefikMiddleware', () => {
  const mw = (spec: string): TraefikMiddleware =>
    only(
      `apiVersion: traefik.io/v1alpha1
kind: Middleware
metadata:
  name: m
  namespace: shop
spec:
${spec}`,
      'Middleware',
    );

  it('reads RateLimit with the documented defaults (period 1s, burst 1)', () => {
    expect(mw('  rateLimit:\n    average: 100\n').entries[0]?.spec).toEqual({
      type: 'rateLimit',
      average: 100,
      periodMs: 1000,
      burst: 1,
    });
    expect(
      mw('  rateLimit:\n    average: 6\n    period: 1m\n    burst: 12\n').entries[0]?.spec,
    ).toMatchObject({ average: 6, periodMs: 60_000, burst: 12 });
  });

  it('reads StripPrefix, RedirectScheme, BasicAuth (realm "traefik") and the deprecated IPWhiteList', () => {
    expect(mw('  stripPrefix:\n    prefixes: [/api]\n').entries[0]?.spec).toEqual({
      type: 'stripPrefix',
      prefixes: ['/api'],
    });
    expect(
      mw('  redirectScheme:\n    scheme: https\n    permanent: true\n').entries[0]?.spec,
    ).toEqual({ type: 'redirectScheme', scheme: 'https', permanent: true });
    expect(mw('  basicAuth:\n    secret: users\n').entries[0]?.spec).toMatchObject({
      realm: 'traefik',
      secret: 'users',
      removeHeader: false,
    });
    expect(
      mw('  ipWhiteList:\n    sourceRange: [10.0.0.0/8]\n    ipStrategy:\n      depth: 1\n')
        .entries[0]?.spec,
    ).toMatchObject({
      type: 'ipAllowList',
      deprecatedName: true,
      sourceRange: ['10.0.0.0/8'],
      ipStrategy: { depth: 1, excludedIPs: [] },
    });
  });

  it('keeps every kind set, so the family can refuse a multi-type Middleware', () => {
    const m = mw('  stripPrefix:\n    prefixes: [/a]\n  addPrefix:\n    prefix: /b\n');
    expect(m.entries.map((e) => [e.spec.type, e.source.range.startLine])).toEqual([
      ['stripPrefix', 7],
      ['addPrefix', 9],
    ]);
  });

  it('names kinds it does not model, and refuses fields that are not Middleware kinds', () => {
    expect(mw('  compress: {}\n').entries[0]?.spec).toEqual({ type: 'other', name: 'compress' });
    const text = `apiVersion: traefik.io/v1alpha1
kind: Middleware
metadata:
  name: m
spec:
  ipAllowlist:
    sourceRange: [10.0.0.0/8]
`;
    const { diagnostics, rejected } = loadManifests(text);
    expect(rejected).toHaveLength(1);
    expect(diagnostics[0]?.message).toMatch(/the spelling is ipAllowList/);
    expect(diagnostics[0]?.source?.range.startLine).toBe(6);
  });

  it('a port given as a number in RedirectScheme is refused: the CRD says string', () => {
    const text = `apiVersion: traefik.io/v1alpha1
kind: Middleware
metadata:
  name: m
spec:
  redirectScheme:
    scheme: https
    port: 443
`;
    expect(codes(text)).toEqual([['RL104', 8]]);
  });
});

describe('parseTraefikDurationMs', () => {
  it('reads seconds and Go durations', () => {
    expect(parseTraefikDurationMs(2)).toBe(2000);
    expect(parseTraefikDurationMs('10')).toBe(10_000);
    expect(parseTraefikDurationMs('100ms')).toBe(100);
    expect(parseTraefikDurationMs('1m30s')).toBe(90_000);
    expect(parseTraefikDurationMs('1.5s')).toBe(1500);
    expect(parseTraefikDurationMs('1 s')).toBeUndefined();
    expect(parseTraefikDurationMs('soon')).toBeUndefined();
    expect(parseTraefikDurationMs('.5s')).toBe(500);
    expect(parseTraefikDurationMs('0')).toBe(0);
    expect(parseTraefikDurationMs('-1s')).toBeUndefined();
    expect(parseTraefikDurationMs('')).toBeUndefined();
  });
});
