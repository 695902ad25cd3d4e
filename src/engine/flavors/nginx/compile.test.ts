import { describe, expect, it } from 'vitest';
import { buildCluster, ManifestLoader } from '../../index.js';
import type { VirtualHost } from '../../model/routeTable.js';

function ingress(name: string, host: string | null, service: string, path = '/'): string {
  return `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: ${name}
spec:
  ingressClassName: nginx
  rules:
    - ${host ? `host: ${host}\n      ` : ''}http:
        paths:
          - path: ${path}
            pathType: Prefix
            backend:
              service:
                name: ${service}
                port:
                  number: 80`;
}

/** An Ingress with a defaultBackend and no rules: it answers for every host nothing else names. */
function fallbackIngress(service: string): string {
  return `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: fallback
spec:
  ingressClassName: nginx
  defaultBackend:
    service:
      name: ${service}
      port:
        number: 80`;
}

/** Builds each text in turn with one loader, as the page does while someone types. */
function tablesOf(
  ...texts: string[]
): { hosts: Map<string, VirtualHost>; fallback: VirtualHost }[] {
  const loader = new ManifestLoader();
  return texts.map((text) => {
    const table = buildCluster(loader.load(text).resources).controllers[0]?.listeners[0]?.table;
    if (!table) throw new Error('no route table');
    return {
      hosts: new Map(table.virtualHosts.map((vh) => [vh.hostname ?? '', vh])),
      fallback: table.fallback,
    };
  });
}

/** The Services a host's routes forward to, in the routes' order. */
const servicesOf = (vh: VirtualHost | undefined): string[] =>
  (vh?.routes ?? []).flatMap((r) =>
    r.action.kind === 'forward' ? r.action.backends.map((b) => b.service) : [],
  );

describe('compileNginx between builds', () => {
  it('keeps the virtual host of a host whose Ingresses did not change', () => {
    const a = ingress('a', 'a.example.com', 'web');
    const [before, after] = tablesOf(
      [a, ingress('b', 'b.example.com', 'web')].join('\n---\n'),
      [a, ingress('b', 'b.example.com', 'api')].join('\n---\n'),
    );
    expect(after?.hosts.get('a.example.com')).toBe(before?.hosts.get('a.example.com'));
    expect(after?.hosts.get('b.example.com')).not.toBe(before?.hosts.get('b.example.com'));
    expect(servicesOf(after?.hosts.get('b.example.com'))).toContain('api');
  });

  it('builds a host again when another Ingress that names it changes', () => {
    const a = ingress('a', 'shop.example.com', 'web');
    const [before, after] = tablesOf(
      [a, ingress('b', 'shop.example.com', 'cart', '/cart')].join('\n---\n'),
      [a, ingress('b', 'shop.example.com', 'basket', '/cart')].join('\n---\n'),
    );
    const host = after?.hosts.get('shop.example.com');
    expect(host).not.toBe(before?.hosts.get('shop.example.com'));
    expect(servicesOf(host)).toContain('basket');
    expect(servicesOf(host)).not.toContain('cart');
  });

  it('follows an Ingress with only a defaultBackend into the catch-all server', () => {
    const noHost = ingress('any', null, 'web', '/static');
    const [before, after] = tablesOf(
      [noHost, fallbackIngress('one')].join('\n---\n'),
      [noHost, fallbackIngress('two')].join('\n---\n'),
    );
    expect(servicesOf(before?.fallback)).toContain('one');
    expect(servicesOf(after?.fallback)).toContain('two');
  });
});
