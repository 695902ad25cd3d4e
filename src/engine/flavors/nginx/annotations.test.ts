import { describe, expect, it } from 'vitest';
import { buildCluster, loadManifests } from '../../index.js';
import type { Route, RouteCheck } from '../../model/routeTable.js';

/** Line 1 is apiVersion; the annotations start on line 6. */
function ingress(annotations: string, tls: boolean): string {
  return `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: shop
  annotations:
${annotations}
spec:
  ingressClassName: nginx
${tls ? '  tls:\n    - hosts: [shop.example.com]\n      secretName: shop-tls\n' : ''}  rules:
    - host: shop.example.com
      http:
        paths:
          - path: /
            pathType: Prefix
            backend:
              service:
                name: web
                port:
                  number: 80
`;
}

function routeOf(yaml: string): Route {
  const cluster = buildCluster(loadManifests(yaml).resources);
  const host = cluster.controllers[0]?.listeners[0]?.table.virtualHosts[0];
  const route = host?.routes.find((r) => r.label === 'location /');
  if (!route) throw new Error('no location /');
  return route;
}

function check(route: Route, kind: RouteCheck['kind']): RouteCheck {
  const found = route.checks.find((c) => c.kind === kind);
  if (!found) throw new Error(`no ${kind} check`);
  return found;
}

describe('where an annotation decided: the line a check points the user to', () => {
  it('an annotation that decided points at its own line', () => {
    const route = routeOf(
      ingress(
        '    nginx.ingress.kubernetes.io/proxy-read-timeout: "5"\n    nginx.ingress.kubernetes.io/limit-rps: "2"',
        false,
      ),
    );
    expect(check(route, 'rateLimit').source.range).toEqual({ startLine: 7, endLine: 7 });
  });

  it('an absent annotation points nowhere of its own: the redirect comes from the TLS section', () => {
    const route = routeOf(ingress('    nginx.ingress.kubernetes.io/proxy-read-timeout: "5"', true));
    const redirect = check(route, 'httpsRedirect');
    expect(redirect.source.path).toEqual(['spec', 'tls', 0]);
    expect(redirect.source.range.startLine).toBe(10);
  });

  it('an annotation that was set decides, and is pointed at, over the TLS section', () => {
    const route = routeOf(ingress('    nginx.ingress.kubernetes.io/ssl-redirect: "true"', true));
    expect(check(route, 'httpsRedirect').source.range).toEqual({ startLine: 6, endLine: 6 });
  });

  it('of two spellings, the one that was read is pointed at', () => {
    const route = routeOf(
      ingress(
        '    nginx.ingress.kubernetes.io/whitelist-source-range: "10.0.0.0/8"\n    nginx.ingress.kubernetes.io/allowlist-source-range: "192.0.2.0/24"',
        false,
      ),
    );
    const access = check(route, 'ipAccess');
    expect(access.source.range).toEqual({ startLine: 7, endLine: 7 });
    expect(access.source.path.at(-1)).toBe('nginx.ingress.kubernetes.io/allowlist-source-range');
  });
});
