/**
 * Property (d): hostile pastes finish with diagnostics rather than a hang or a crash
 * (issue 2 §2: "A YAML alias bomb or a 10 MB paste must not freeze or crash anything").
 * No timing assertions: finishing within the test timeout is the property.
 */
import { describe, expect, it } from 'vitest';
import { exercise, traceViolations } from '../helpers/invariants.js';
import { URLS } from '../helpers/arbitraries.js';

/** "Billion laughs": nine levels of nine aliases each, 9^9 strings if expanded. */
function billionLaughs(): string {
  const lines = ['apiVersion: v1', 'kind: ConfigMap', 'metadata:', '  name: lol', 'data:'];
  lines.push('  a0: &a0 "lol"');
  for (let i = 1; i <= 9; i++)
    lines.push(`  a${i}: &a${i} [${Array.from({ length: 9 }, () => `*a${i - 1}`).join(', ')}]`);
  return `${lines.join('\n')}\n`;
}

describe('hostile pastes', () => {
  it('an alias bomb is refused with a diagnostic, and the other documents still load', () => {
    const ingress = [
      'apiVersion: networking.k8s.io/v1',
      'kind: Ingress',
      'metadata:',
      '  name: after-the-bomb',
      'spec:',
      '  ingressClassName: nginx',
      '  rules:',
      '  - host: shop.example.com',
      '    http:',
      '      paths:',
      '      - path: /',
      '        pathType: Prefix',
      '        backend:',
      '          service:',
      '            name: web',
      '            port:',
      '              number: 80',
    ].join('\n');
    const { cluster, diagnostics, traces } = exercise(`${billionLaughs()}---\n${ingress}\n`, URLS);
    expect(diagnostics.some((d) => d.severity === 'error')).toBe(true);
    expect(cluster.controllers[0]?.claimed.map((i) => i.meta.name)).toStrictEqual([
      'after-the-bomb',
    ]);
    for (const t of traces) expect(traceViolations(t)).toStrictEqual([]);
  });

  it('an alias bomb inside an Ingress (anchors reused through paths) finishes too', () => {
    const text = [
      'apiVersion: networking.k8s.io/v1',
      'kind: Ingress',
      'metadata: {name: bomb}',
      'spec:',
      '  rules:',
      '  - &r0 {host: a.example.com, http: {paths: [{path: /, pathType: Prefix, backend: {service: {name: s, port: {number: 80}}}}]}}',
      ...Array.from(
        { length: 8 },
        (_, i) => `  - &r${i + 1} [${Array.from({ length: 8 }, () => `*r${i}`).join(', ')}]`,
      ),
    ].join('\n');
    const { diagnostics, traces } = exercise(text, URLS);
    expect(diagnostics.length).toBeGreaterThan(0);
    for (const t of traces) expect(traceViolations(t)).toStrictEqual([]);
  });

  it('a 10 MB paste of many documents finishes with diagnostics', () => {
    const doc = (i: number): string =>
      [
        'apiVersion: networking.k8s.io/v1',
        'kind: Ingress',
        'metadata:',
        `  name: ing-${i}`,
        `  namespace: ns-${i % 50}`,
        '  annotations:',
        '    nginx.ingress.kubernetes.io/rate-limit: "10"',
        'spec:',
        '  ingressClassName: nginx',
        '  rules:',
        `  - host: h${i % 400}.example.com`,
        '    http:',
        '      paths:',
        `      - path: /p${i}`,
        // Every 1000th path lacks its pathType: the API server would refuse that object.
        i % 1000 === 999 ? '        # pathType missing' : '        pathType: Prefix',
        '        backend:',
        '          service:',
        `            name: svc-${i % 300}`,
        '            port:',
        '              number: 80',
        `# ${'padding '.repeat(10)}`,
      ].join('\n');
    const parts: string[] = [];
    const separator = '\n---\n';
    let size = 0;
    for (let i = 0; size < 10 * 1024 * 1024; i++) {
      const d = doc(i);
      size += (parts.length > 0 ? separator.length : 0) + d.length;
      parts.push(d);
    }
    const text = parts.join(separator);
    expect(text.length).toBeGreaterThanOrEqual(10 * 1024 * 1024);
    const { cluster, diagnostics, traces } = exercise(text, URLS.slice(0, 2));
    expect(diagnostics.some((d) => d.severity === 'error')).toBe(true);
    expect(cluster.controllers.length).toBeGreaterThan(0);
    for (const t of traces) expect(traceViolations(t)).toStrictEqual([]);
  }, 60_000);

  it('one 10 MB document (a pasted log) is refused with a diagnostic', () => {
    const text = `kind: ConfigMap\ndata:\n  log: |\n${'    a line of a pasted log\n'.repeat(400_000)}`;
    const { diagnostics, traces } = exercise(text, URLS.slice(0, 1));
    expect(diagnostics.some((d) => d.severity === 'error')).toBe(true);
    for (const t of traces) expect(traceViolations(t)).toStrictEqual([]);
  });
});
