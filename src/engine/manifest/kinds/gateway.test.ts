import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Gateway, HTTPRoute, ListenerSet, ReferenceGrant } from '../../model/gateway.js';
import type { Resource } from '../../model/resources.js';
import { loadManifests } from '../load.js';
import { parseGatewayDuration, selectorMatches } from './gateway.js';

const CONFORMANCE = new URL('../../../../test/conformance/data/gateway-api/', import.meta.url);

function only<K extends Resource['kind']>(text: string, kind: K): Extract<Resource, { kind: K }> {
  const r = loadManifests(text);
  const found = r.resources.find((x) => x.kind === kind);
  if (!found) throw new Error(`no ${kind}: ${JSON.stringify(r.diagnostics)}`);
  return found as Extract<Resource, { kind: K }>;
}

const diags = (text: string) =>
  loadManifests(text).diagnostics.map((d) => ({
    code: d.code,
    line: d.source?.range.startLine,
    message: d.message,
  }));

const ROUTE = (spec: string) => `apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: r
  namespace: shop
spec:
${spec}`;

describe('Gateway API readers', () => {
  it('read every upstream conformance manifest without a diagnostic', () => {
    const base = readFileSync(new URL('base/base.yaml', CONFORMANCE), 'utf8');
    expect(loadManifests(base).diagnostics).toEqual([]);
    for (const file of readdirSync(CONFORMANCE).filter((f) => f.endsWith('.json'))) {
      const { manifests } = JSON.parse(readFileSync(new URL(file, CONFORMANCE), 'utf8')) as {
        manifests: string;
      };
      const loaded = loadManifests(manifests);
      expect({ file, diagnostics: loaded.diagnostics }).toEqual({ file, diagnostics: [] });
      expect(loaded.resources.some((r) => r.kind === 'Unknown')).toBe(false);
    }
  });

  it('reads a Gateway with its listeners, defaults and addresses', () => {
    const gw = only(
      `apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata:
  name: web
  namespace: infra
spec:
  gatewayClassName: eg
  addresses:
    - value: 192.0.2.10
  listeners:
    - name: http
      port: 80
      protocol: HTTP
    - name: https
      port: 443
      protocol: HTTPS
      hostname: "*.example.com"
      tls:
        certificateRefs:
          - name: web-cert
      allowedRoutes:
        namespaces:
          from: Selector
          selector:
            matchLabels:
              team: shop
status:
  addresses:
    - type: IPAddress
      value: 203.0.113.9
`,
      'Gateway',
    ) as Gateway;
    expect(gw.gatewayClassName).toBe('eg');
    expect(gw.addresses.map((a) => [a.type, a.value])).toEqual([['IPAddress', '192.0.2.10']]);
    expect(gw.statusAddresses).toEqual(['203.0.113.9']);
    const [http, https] = gw.listeners;
    expect(http?.allowedRoutes.from).toBe('Same');
    expect(https?.hostname).toBe('*.example.com');
    expect(https?.tls?.mode).toBe('Terminate');
    expect(https?.tls?.certificateRefs[0]).toMatchObject({
      group: '',
      kind: 'Secret',
      name: 'web-cert',
    });
    expect(https?.allowedRoutes.selector?.matchLabels).toEqual({ team: 'shop' });
    expect(https?.source.range.startLine).toBe(14);
    // A Gateway accepts no ListenerSets unless it says so ([GW] AllowedListeners default None).
    expect(gw.allowedListeners.from).toBe('None');
  });

  it('fills the HTTPRoute defaults the CRD fills', () => {
    const route = only(
      ROUTE(`  parentRefs:
    - name: web
  rules:
    - backendRefs:
        - name: api
          port: 8080
    - matches:
        - path:
            value: /x
          headers:
            - name: Version
              value: "2"
            - name: version
              value: "3"
      filters:
        - type: RequestRedirect
          requestRedirect:
            hostname: example.org
`),
      'HTTPRoute',
    ) as HTTPRoute;
    expect(route.parentRefs[0]).toMatchObject({
      group: 'gateway.networking.k8s.io',
      kind: 'Gateway',
      name: 'web',
    });
    const [first, second] = route.rules;
    expect(first?.matches[0]?.path).toEqual({ type: 'PathPrefix', value: '/' });
    expect(first?.backendRefs[0]).toMatchObject({
      group: '',
      kind: 'Service',
      weight: 1,
      port: 8080,
    });
    expect(second?.matches[0]?.path).toEqual({ type: 'PathPrefix', value: '/x' });
    // "If multiple entries specify equivalent header names, only the first entry ... MUST be considered."
    expect(second?.matches[0]?.headers.map((h) => h.value)).toEqual(['2']);
    expect(second?.filters[0]).toMatchObject({ type: 'RequestRedirect', statusCode: 302 });
    const bare = only(ROUTE('  parentRefs:\n    - name: web\n'), 'HTTPRoute') as HTTPRoute;
    expect(bare.rules).toHaveLength(1);
    expect(bare.rules[0]?.matches[0]?.path.value).toBe('/');
  });

  it('reads timeouts, retry, mirror fractions and CORS', () => {
    const route = only(
      ROUTE(`  rules:
    - timeouts:
        request: 1m30s
        backendRequest: 500ms
      retry:
        codes: [503]
        attempts: 2
        backoff: 100ms
      filters:
        - type: RequestMirror
          requestMirror:
            backendRef:
              name: shadow
              port: 80
            fraction:
              numerator: 1
              denominator: 4
        - type: CORS
          cors:
            allowOrigins: ["https://a.example"]
      backendRefs:
        - name: api
          port: 80
`),
      'HTTPRoute',
    ) as HTTPRoute;
    const rule = route.rules[0];
    expect(rule?.timeouts.request?.ms).toBe(90_000);
    expect(rule?.timeouts.backendRequest?.ms).toBe(500);
    expect(rule?.retry).toMatchObject({ codes: [503], attempts: 2, backoff: { ms: 100 } });
    expect(rule?.filters[0]).toMatchObject({ type: 'RequestMirror', percent: 25 });
    expect(rule?.filters[1]).toMatchObject({ type: 'CORS', cors: { maxAge: 5 } });
  });

  it('reads ReferenceGrant in v1 and v1beta1, and ListenerSet and XListenerSet', () => {
    for (const v of ['v1', 'v1beta1']) {
      const g = only(
        `apiVersion: gateway.networking.k8s.io/${v}
kind: ReferenceGrant
metadata: {name: g, namespace: backends}
spec:
  from: [{group: gateway.networking.k8s.io, kind: HTTPRoute, namespace: shop}]
  to: [{group: "", kind: Service}]
`,
        'ReferenceGrant',
      ) as ReferenceGrant;
      expect(g.from[0]).toMatchObject({ kind: 'HTTPRoute', namespace: 'shop' });
      expect(g.to[0]).toMatchObject({ group: '', kind: 'Service' });
    }
    const x = only(
      `apiVersion: gateway.networking.x-k8s.io/v1alpha1
kind: XListenerSet
metadata: {name: extra, namespace: infra}
spec:
  parentRef: {name: web}
  listeners:
    - {name: one, port: 8080, protocol: HTTP}
`,
      'ListenerSet',
    ) as ListenerSet;
    expect(x.declaredKind).toBe('XListenerSet');
    expect(x.parentRef).toMatchObject({ kind: 'Gateway', name: 'web' });
    expect(x.source.kind).toBe('XListenerSet');
  });

  it('gives cluster-scoped kinds no namespace', () => {
    const r = loadManifests(`apiVersion: gateway.networking.k8s.io/v1
kind: GatewayClass
metadata: {name: eg, namespace: ignored}
spec: {controllerName: gateway.envoyproxy.io/gatewayclass-controller}
---
apiVersion: v1
kind: Namespace
metadata: {name: shop, labels: {team: shop}}
`);
    expect(r.diagnostics).toEqual([]);
    expect(r.resources.map((x) => [x.kind, x.source.namespace, x.meta.namespace])).toEqual([
      ['GatewayClass', '', ''],
      ['Namespace', '', ''],
    ]);
  });
});

describe('Gateway API readers refuse what the API server refuses, on the line', () => {
  it('a Service backendRef without a port', () => {
    expect(diags(ROUTE(`  rules:\n    - backendRefs:\n        - name: api\n`))).toMatchObject([
      { code: 'RL602', line: 9 },
    ]);
  });

  it('a duration outside GEP-2257 and backendRequest above request', () => {
    const d = diags(
      ROUTE(`  rules:
    - timeouts:
        request: 1.5s
    - timeouts:
        request: 1s
        backendRequest: 2s
`),
    );
    expect(d).toMatchObject([
      { code: 'RL601', line: 9 },
      { code: 'RL601', line: 12 },
    ]);
    expect(d[0]?.message).toContain('GEP-2257');
  });

  it('a RequestRedirect beside backendRefs, and ReplacePrefixMatch without a PathPrefix match', () => {
    const d = diags(
      ROUTE(`  rules:
    - filters:
        - type: RequestRedirect
          requestRedirect: {statusCode: 301}
      backendRefs:
        - {name: api, port: 80}
    - matches:
        - path: {type: Exact, value: /a}
      filters:
        - type: URLRewrite
          urlRewrite:
            path: {type: ReplacePrefixMatch, replacePrefixMatch: /b}
`),
    );
    expect(d.map((x) => [x.code, x.line])).toEqual([
      ['RL601', 8],
      ['RL601', 13],
    ]);
  });

  it('paths the CEL rules refuse, unknown enums and a filter without its field', () => {
    const d = diags(
      ROUTE(`  rules:
    - matches:
        - path: {type: PathPrefix, value: /a//b}
        - path: {type: Regex, value: /a}
        - method: FETCH
      filters:
        - type: RequestHeaderModifier
`),
    );
    expect(d.map((x) => [x.code, x.line])).toEqual([
      ['RL601', 9],
      ['RL601', 10],
      ['RL601', 11],
      ['RL602', 13],
    ]);
  });

  it('listeners: duplicate names, tls on HTTP, a bad hostname, a port out of range', () => {
    const d = diags(`apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: web}
spec:
  gatewayClassName: eg
  listeners:
    - name: a
      port: 80
      protocol: HTTP
      tls: {certificateRefs: [{name: c}]}
    - name: a
      port: 70000
      protocol: HTTP
      hostname: 10.0.0.1
`);
    expect(d.map((x) => [x.code, x.line])).toEqual([
      ['RL601', 10],
      ['RL601', 12],
      ['RL601', 14],
      ['RL601', 11],
    ]);
  });

  it('a wrong type is RL104 and the object is left out, never a throw', () => {
    const r = loadManifests(ROUTE(`  rules: "everything"\n  hostnames: [1, {a: b}]\n`));
    expect(r.resources).toEqual([]);
    expect(r.rejected).toHaveLength(1);
    expect(r.diagnostics.map((x) => x.code)).toContain('RL104');
    for (const junk of [
      'apiVersion: gateway.networking.k8s.io/v1\nkind: Gateway\nmetadata: {name: g}\nspec: [1, 2]',
      'apiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata: {name: r}\nspec: {rules: [null, 3, {matches: [null]}], parentRefs: [7]}',
      'apiVersion: gateway.networking.k8s.io/v1\nkind: ReferenceGrant\nmetadata: {name: g}\nspec: {from: [[]], to: {}}',
      'apiVersion: gateway.networking.k8s.io/v1\nkind: ListenerSet\nmetadata: {name: l}\nspec: {listeners: [{tls: 5}]}',
    ]) {
      expect(() => loadManifests(junk)).not.toThrow();
      expect(loadManifests(junk).resources).toEqual([]);
    }
  });

  it('an apiVersion the kind never had', () => {
    expect(
      diags(
        'apiVersion: gateway.networking.k8s.io/v1alpha2\nkind: HTTPRoute\nmetadata: {name: r}\n',
      ),
    ).toMatchObject([{ code: 'RL116' }]);
  });
});

describe('helpers', () => {
  it('parses GEP-2257 durations', () => {
    expect(parseGatewayDuration('1h')).toBe(3_600_000);
    expect(parseGatewayDuration('1m30s')).toBe(90_000);
    expect(parseGatewayDuration('500ms')).toBe(500);
    expect(parseGatewayDuration('0s')).toBe(0);
    expect(parseGatewayDuration('1h1m1s1ms')).toBe(3_661_001);
    expect(parseGatewayDuration('1h1m1s1ms1h')).toBeUndefined();
    expect(parseGatewayDuration('123456s')).toBeUndefined();
    expect(parseGatewayDuration('1d')).toBeUndefined();
    expect(parseGatewayDuration('')).toBeUndefined();
  });

  it('matches label selectors', () => {
    const sel = {
      matchLabels: { team: 'shop' },
      matchExpressions: [
        { key: 'env', operator: 'In' as const, values: ['prod', 'stage'] },
        { key: 'legacy', operator: 'DoesNotExist' as const, values: [] },
      ],
    };
    expect(selectorMatches(sel, { team: 'shop', env: 'prod' })).toBe(true);
    expect(selectorMatches(sel, { team: 'shop', env: 'dev' })).toBe(false);
    expect(selectorMatches(sel, { team: 'shop', env: 'prod', legacy: '' })).toBe(false);
    expect(selectorMatches({ matchLabels: {}, matchExpressions: [] }, {})).toBe(true);
  });
});
